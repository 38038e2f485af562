import DTLS
import DataChannel
import ICELite
import Logging
import MediaNegotiation
import MediaTransport
import NIOCore
import Rooms
import SDP
import SignalingMessages

/// One participant's link between its room and the network: its two peer
/// transports on the room's worker, and the queue of signaling messages to
/// its socket. Confined to the worker's event loop.
final class ParticipantConnection: ParticipantLink, PeerTransportDelegate {
    let participant: Participant
    let room: Room
    let worker: MediaWorker
    /// The worker's index (its claim on the room's shard there).
    let workerIndex: Int
    let serverFingerprint: Fingerprint
    let announcedAddress: String
    let announcedPort: UInt16
    let announcedTCPPort: UInt16?
    let outbox: SignalingOutbox
    /// Given back the participant's place (and the room's, when it empties) on close.
    let admission: AdmissionControl
    /// Released on close: the room may move once nobody holds it.
    let placement: any RoomPlacement
    let logger: Logger
    /// Called once when the connection ends for a transport reason (ICE
    /// consent lost, DTLS failed): the session closes the socket.
    var onTransportFailure: ((PeerCloseReason) -> Void)?
    /// Called once when the participant leaves (cascade: its node's membership).
    var onClose: (() -> Void)?

    private(set) var publishTransport: PeerTransport?
    private(set) var subscribeTransportHandle: PeerTransport?
    /// The subscriber's a=max-message-size, once its answer accepted data channels.
    var subscriberMaxMessageSize = 0
    private var publishCredentials = ICECredentials.random()
    private var subscribeCredentials = ICECredentials.random()
    private var closed = false

    init(
        participant: Participant, room: Room, placed: PlacedWorker, serverFingerprint: Fingerprint,
        outbox: SignalingOutbox, admission: AdmissionControl, placement: any RoomPlacement, logger: Logger
    ) {
        self.participant = participant
        self.room = room
        self.worker = placed.worker
        self.workerIndex = placed.index
        self.serverFingerprint = serverFingerprint
        self.announcedAddress = placed.announcedAddress
        self.announcedPort = placed.announcedPort
        self.announcedTCPPort = placed.announcedTCPPort
        self.outbox = outbox
        self.admission = admission
        self.placement = placement
        self.logger = logger
    }

    private func transportParameters(_ credentials: ICECredentials) -> ServerTransportParameters {
        ServerTransportParameters(
            iceUfrag: credentials.ufrag, icePassword: credentials.password, fingerprint: serverFingerprint,
            candidateAddress: announcedAddress, candidatePort: announcedPort, tcpCandidatePort: announcedTCPPort)
    }

    /// What the server writes about itself in the publish PC's answer.
    var publishTransportParameters: ServerTransportParameters { transportParameters(publishCredentials) }

    /// Creates the publish PC's transport on the first offer.
    func ensurePublishTransport(client: ClientTransportParameters) throws {
        guard publishTransport == nil else { return }
        publishTransport = try worker.makeServerPeer(
            localCredentials: publishCredentials, remoteCredentials: client.credentials,
            remoteFingerprint: client.fingerprint, dtlsRole: client.serverDTLSRole, delegate: self)
    }

    /// Creates the subscribe PC's transport on the first answer.
    func ensureSubscribeTransport(client: ClientTransportParameters) throws {
        guard subscribeTransportHandle == nil else { return }
        subscribeTransportHandle = try worker.makeServerPeer(
            localCredentials: subscribeCredentials, remoteCredentials: client.credentials,
            remoteFingerprint: client.fingerprint, dtlsRole: client.serverDTLSRole, delegate: self)
    }

    /// An ICE restart of the publish (WHIP) or subscribe (WHEP) transport
    /// with the client's new credentials: the server's new parameters, or
    /// nil when that transport is gone.
    func restartICE(publish: Bool, client: ICECredentials) -> ServerTransportParameters? {
        let fresh = ICECredentials.random()
        guard let transport = publish ? publishTransport : subscribeTransportHandle,
            transport.restartICE(localCredentials: fresh, remoteCredentials: client)
        else { return nil }
        if publish { publishCredentials = fresh } else { subscribeCredentials = fresh }
        return transportParameters(fresh)
    }

    /// Leaves the room and closes both transports (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        room.leave(participant)
        placement.release(room.name, worker: workerIndex)
        // The room ends with its last shard (a shard may outlive its clients
        // for a moment: the stand-ins of other shards' participants).
        admission.release(participantLeaving: placement.shards(of: room.name).isEmpty)
        onClose?()
        onClose = nil
        publishTransport?.close()
        subscribeTransportHandle?.close()
        publishTransport = nil
        subscribeTransportHandle = nil
        outbox.finish()
    }

    // MARK: - ParticipantLink

    func deliver(_ event: RoomEvent) {
        signal(ServerMessage(event, toRelay: participant.relay != .none))
    }

    func signal(_ message: ServerMessage) {
        outbox.send(message)
    }

    func sendToSubscriber(rtp packet: inout ByteBuffer) -> Bool {
        subscribeTransportHandle?.sendRTP(&packet) ?? false
    }

    func sendToSubscriber(rtcp packet: inout ByteBuffer) {
        subscribeTransportHandle?.sendRTCP(&packet)
    }

    func sendToPublisher(rtcp packet: inout ByteBuffer) {
        publishTransport?.sendRTCP(&packet)
    }

    var subscribeTransport: ServerTransportParameters { transportParameters(subscribeCredentials) }

    // MARK: - PeerTransportDelegate

    func peerTransportDidConnect(_ peer: PeerTransport) {
        logger.debug("transport connected", metadata: ["pc": "\(peer === publishTransport ? "publish" : "subscribe")"])
        if peer === subscribeTransportHandle {
            // Video sent before the subscriber could decrypt it was lost:
            // ask for fresh keyframes now that it can.
            room.subscriberConnected(participant, now: .now())
        }
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTP packet: ByteBuffer) {
        guard peer === publishTransport else { return }
        room.handlePublisherRTP(from: participant, packet: packet, now: .now())
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTCP packet: ByteBuffer) {
        if peer === subscribeTransportHandle {
            room.handleSubscriberRTCP(from: participant, packet: packet, now: .now())
        } else if peer === publishTransport {
            room.handlePublisherRTCP(from: participant, packet: packet, now: .now())
        }
    }

    func peerTransport(_ peer: PeerTransport, dataChannel event: DataChannelAction) {
        dataChannelEvent(event, on: peer)
    }

    func peerTransport(_ peer: PeerTransport, didCloseWith reason: PeerCloseReason) {
        guard !closed, reason != .closedByOwner else { return }
        logger.info("participant transport closed", metadata: ["reason": "\(reason)"])
        onTransportFailure?(reason)
        close()
    }
}
