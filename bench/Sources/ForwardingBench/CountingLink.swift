import MediaNegotiation
import NIOCore
import Rooms
import SDP

/// A subscriber's link that only counts what the room sends it: no socket,
/// no SRTP, so the bench measures the room's own work per packet.
final class CountingLink: ParticipantLink {
    private(set) var rtpPackets = 0
    private(set) var offers: [String] = []

    func deliver(_ event: RoomEvent) {
        if case .offer(let sdp, _) = event { offers.append(sdp) }
    }

    func sendToSubscriber(rtp packet: inout ByteBuffer) -> Bool {
        rtpPackets &+= 1
        return true
    }

    func sendToSubscriber(rtcp packet: inout ByteBuffer) {}
    func sendToPublisher(rtcp packet: inout ByteBuffer) {}

    var subscribeTransport: ServerTransportParameters {
        ServerTransportParameters(
            iceUfrag: "srvU", icePassword: "serverpassword0123456789",
            fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0x11, count: 32)),
            candidateAddress: "127.0.0.1", candidatePort: 50_000)
    }
}
