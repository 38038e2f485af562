import Foundation
import MediaNegotiation
import NIOCore
import RTP
import Rooms
import SDP
import TestSupport

/// A participant's link that records what the room sends, as the I/O layer
/// would carry it.
final class RecordingLink: ParticipantLink {
    var messages: [RoomEvent] = []
    var rtpToSubscriber: [ByteBuffer] = []
    var rtcpToPublisher: [ByteBuffer] = []
    var rtcpToSubscriber: [ByteBuffer] = []
    var subscriberConnected = true

    func deliver(_ event: RoomEvent) { messages.append(event) }

    func sendToSubscriber(rtp packet: inout ByteBuffer) -> Bool {
        guard subscriberConnected else { return false }
        rtpToSubscriber.append(packet)
        return true
    }

    func sendToSubscriber(rtcp packet: inout ByteBuffer) { rtcpToSubscriber.append(packet) }
    func sendToPublisher(rtcp packet: inout ByteBuffer) { rtcpToPublisher.append(packet) }

    var subscribeTransport: ServerTransportParameters {
        ServerTransportParameters(
            iceUfrag: "srvU", icePassword: "serverpassword0123456789",
            fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0x11, count: 32)),
            candidateAddress: "127.0.0.1", candidatePort: 50_000)
    }

    /// The offers received, in order.
    var offers: [(sdp: String, tracks: [TrackSnapshot])] {
        messages.compactMap { if case .offer(let sdp, let tracks) = $0 { (sdp, tracks) } else { nil } }
    }
}

/// A participant with its recording link, in a room.
struct Member {
    let participant: Participant
    let link: RecordingLink

    init(_ name: String) {
        link = RecordingLink()
        participant = Participant(name: name, link: link)
    }

    init(participant: Participant, link: RecordingLink) {
        self.participant = participant
        self.link = link
    }
}

enum RoomFixtures {
    static func offer(_ name: String) throws -> SessionDescription {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SDPTests/Fixtures/\(name).sdp")
        return try SessionDescription(parsing: String(contentsOf: url, encoding: .utf8))
    }

    static let transport = ServerTransportParameters(
        iceUfrag: "pubU", icePassword: "publishpassword012345678",
        fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0x22, count: 32)),
        candidateAddress: "127.0.0.1", candidatePort: 50_000)

    /// A VP8 RTP packet from a publisher: keyframe or not, with the MID
    /// (and RID) extensions at the publisher's ids when given.
    static func vp8Packet(
        ssrc: UInt32, sequence: UInt16, payloadType: UInt8, keyframe: Bool, midID: UInt8? = nil, mid: String? = nil,
        ridID: UInt8? = nil, rid: String? = nil
    ) -> ByteBuffer {
        var payload = ByteBuffer()
        VP8PayloadDescriptor(isStartOfPartition: true, pictureID: sequence & 0x7FFF).write(into: &payload)
        // VP8 payload header: P bit (LSB of the first byte) 0 on key frames.
        payload.writeBytes(keyframe ? [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A] : [0x11, 0x02, 0x00])
        payload.writeRepeatingByte(0x55, count: 100)
        var elements: [RTPHeaderExtensionElement] = []
        if let midID, let mid { elements.append(RTPHeaderExtensionElement(id: midID, value: Array(mid.utf8))) }
        if let ridID, let rid { elements.append(RTPHeaderExtensionElement(id: ridID, value: Array(rid.utf8))) }
        let fields = RTPPacketFields(
            marker: true, payloadType: payloadType, sequenceNumber: sequence, timestamp: UInt32(sequence) * 3_000,
            ssrc: ssrc, headerExtension: elements.isEmpty ? nil : .elements(elements), payload: payload)
        return try! fields.encoded()
    }
}
