import MediaNegotiation
import NIOCore
import Rooms
import SDP

/// A participant's link that counts what the room sends and keeps only
/// what the next operations need: the unanswered offer and the last
/// sequence number sent on each outgoing SSRC (so NACKs can hit the
/// retransmission history). Nothing grows with the input.
final class CountingLink: ParticipantLink {
    var events = 0
    var rtpToSubscriber = 0
    var rtcpToSubscriber = 0
    var rtcpToPublisher = 0
    /// False models a subscribe transport that is not connected yet.
    var connected = true
    /// The newest offer, until it is answered.
    var pendingOffer: String?
    /// Outgoing SSRCs of the last answered offer.
    var offeredSSRCs: [UInt32] = []
    /// Last sequence number sent per outgoing SSRC (bounded by `offeredSSRCs`).
    var lastSequence: [UInt32: UInt16] = [:]

    func deliver(_ event: RoomEvent) {
        events &+= 1
        if case .offer(let sdp, _) = event { pendingOffer = sdp }
    }

    func sendToSubscriber(rtp packet: inout ByteBuffer) -> Bool {
        guard connected else { return false }
        rtpToSubscriber &+= 1
        let start = packet.readerIndex
        if let sequence = packet.getInteger(at: start + 2, as: UInt16.self),
            let ssrc = packet.getInteger(at: start + 8, as: UInt32.self), offeredSSRCs.contains(ssrc)
        {
            lastSequence[ssrc] = sequence
        }
        return true
    }

    func sendToSubscriber(rtcp packet: inout ByteBuffer) { rtcpToSubscriber &+= 1 }
    func sendToPublisher(rtcp packet: inout ByteBuffer) { rtcpToPublisher &+= 1 }

    let subscribeTransport = ServerTransportParameters(
        iceUfrag: "srvU", icePassword: "serverpassword0123456789",
        fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0x11, count: 32)),
        candidateAddress: "127.0.0.1", candidatePort: 50_000)

    /// Takes the pending offer: its parsed form, with the SSRCs it announces
    /// remembered for the subscriber's RTCP.
    func takeOffer() -> SessionDescription? {
        guard let text = pendingOffer, let offer = try? SessionDescription(parsing: text) else { return nil }
        pendingOffer = nil
        var seen = Set<UInt32>()
        offeredSSRCs = offer.media.flatMap { $0.ssrcAttributes.map(\.ssrc) }.filter { seen.insert($0).inserted }
        lastSequence = lastSequence.filter { offeredSSRCs.contains($0.key) }
        return offer
    }
}
