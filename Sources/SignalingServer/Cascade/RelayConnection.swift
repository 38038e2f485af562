import DTLS
import ICELite
import Logging
import MediaNegotiation
import MediaTransport
import NIOCore
import Rooms
import SDP
import SignalingMessages

/// This node's end of a pull relay: a participant of the local room that
/// publishes the far node's tracks (`RelayRole.publisher`). Its media comes
/// from the far node's subscribe PC through a client-role `PeerTransport`
/// on a socket of its own; the feedback the room sends "to the publisher"
/// goes back on that transport, where the far room takes it as this
/// relay's subscriber feedback. Confined to the room's worker loop.
final class RelayConnection: ParticipantLink, PeerTransportDelegate {
    let participant: Participant
    let room: Room
    let farNode: String
    let fingerprint: Fingerprint
    let logger: Logger
    /// The relay's own socket (one peer per socket: it is routed by the
    /// far node's address, which other relays may share).
    let socket: MediaWorker
    private(set) var transport: PeerTransport?
    private let credentials = ICECredentials.random()
    private var dtlsRole = DTLSRole.client
    private var closed = false
    /// Called once when the transport failed (the puller ends the relay).
    var onTransportFailure: (() -> Void)?

    /// Media and feedback through the relay (for `/metrics`).
    private(set) var packetsIn: UInt64 = 0
    private(set) var bytesIn: UInt64 = 0
    private(set) var feedbackOut: UInt64 = 0

    init(participant: Participant, room: Room, farNode: String, socket: MediaWorker, fingerprint: Fingerprint, logger: Logger) {
        self.participant = participant
        self.room = room
        self.farNode = farNode
        self.socket = socket
        self.fingerprint = fingerprint
        self.logger = logger
    }

    /// Takes the far node's subscribe offer: connects on the first one,
    /// publishes its tracks into the local room (as if the relay had
    /// offered them), and returns the answer for the far node.
    func accept(
        offer: SessionDescription, tracks: [TrackInfo], preferences: CodecPreferences, sessionID: UInt64
    ) throws -> String {
        if transport == nil, offer.media.contains(where: { !$0.isRejected }) {
            let far = try RelayTransportInfo(from: offer)
            dtlsRole = far.localDTLSRole
            transport = try socket.makeClientPeer(
                remote: far.address, localCredentials: credentials, remoteCredentials: far.credentials,
                remoteFingerprint: far.fingerprint, dtlsRole: far.localDTLSRole, delegate: self)
        }
        do throws(RoomError) {
            // The far offer is sendonly from its sender's side, as a publish offer is.
            _ = try room.publish(
                participant, offer: RelayOfferMerge.publishOffer(from: offer, tracks: tracks),
                transport: subscribeTransport, preferences: preferences)
        } catch {
            throw RelayError.publishRefused("\(error)")
        }
        // Renegotiations keep the role the first answer chose (RFC 8842 §5.5).
        let builder = SubscribeAnswerBuilder(
            ufrag: credentials.ufrag, password: credentials.password, fingerprint: fingerprint,
            setup: dtlsRole == .server ? .passive : .active)
        return builder.answer(offer, sessionID: sessionID).serialized()
    }

    /// Leaves the room and closes the transport (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        room.leave(participant)
        transport?.close()
        transport = nil
    }

    // MARK: - ParticipantLink

    /// The relay publishes only: room events are for clients.
    func deliver(_ event: RoomEvent) {}

    func sendToSubscriber(rtp packet: inout ByteBuffer) -> Bool { false }

    func sendToSubscriber(rtcp packet: inout ByteBuffer) {}

    /// Keyframe requests, NACKs and REMB for the far publishers.
    func sendToPublisher(rtcp packet: inout ByteBuffer) {
        if transport?.sendRTCP(&packet) == true { feedbackOut &+= 1 }
    }

    /// Never offered to anyone (the relay receives nothing here); the
    /// publish answer it gets is dropped.
    var subscribeTransport: ServerTransportParameters {
        ServerTransportParameters(
            iceUfrag: credentials.ufrag, icePassword: credentials.password, fingerprint: fingerprint,
            candidateAddress: "127.0.0.1", candidatePort: 9, tcpCandidatePort: nil)
    }

    // MARK: - PeerTransportDelegate

    func peerTransportDidConnect(_ peer: PeerTransport) {
        logger.info("relay connected", metadata: ["far": "\(farNode)"])
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTP packet: ByteBuffer) {
        packetsIn &+= 1
        bytesIn &+= UInt64(packet.readableBytes)
        room.handlePublisherRTP(from: participant, packet: packet, now: .now())
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTCP packet: ByteBuffer) {
        room.handlePublisherRTCP(from: participant, packet: packet, now: .now())
    }

    func peerTransport(_ peer: PeerTransport, didCloseWith reason: PeerCloseReason) {
        guard !closed, reason != .closedByOwner else { return }
        logger.info("relay transport closed", metadata: ["far": "\(farNode)", "reason": "\(reason)"])
        onTransportFailure?()
    }
}
