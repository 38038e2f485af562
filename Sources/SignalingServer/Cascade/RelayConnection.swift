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

/// This node's end of a pull relay: one participant of the local room per
/// participant of the far node's own (`RelayRole.publisher`, with the far
/// participant's id and name, its tracks with the far tracks' ids), there
/// from the moment the far roster names it until it leaves there, so
/// clients here see who is in the room, who publishes and who speaks. Their media comes from
/// the far node's subscribe PC through one client-role `PeerTransport` on
/// a socket of its own; the feedback the room sends "to the publisher"
/// goes back on that transport, where the far room takes it as this
/// relay's subscriber feedback. Confined to the room's worker loop.
final class RelayConnection: ParticipantLink, PeerTransportDelegate {
    let room: Room
    /// The worker's rooms: a room the relay alone created goes with it.
    let registry: RoomRegistry
    let farNode: String
    let fingerprint: Fingerprint
    let logger: Logger
    /// The relay's own socket (one peer per socket: it is routed by the
    /// far node's address, which other relays may share).
    let socket: MediaWorker
    private(set) var transport: PeerTransport?
    /// Far participant id to its participant here, in the order they came.
    private(set) var members: [(farID: String, participant: Participant)] = []
    /// Far participants who left: an offer still naming them brings none back.
    private var departedIDs: Set<String> = []
    /// Which participant each SSRC of the far offer (media and RTX) is for.
    private var ssrcOwners: [UInt32: Participant] = [:]
    private let credentials = ICECredentials.random()
    private var dtlsRole = DTLSRole.client
    private var closed = false
    /// The far participant each channel the far node opened here is of
    /// (by stream id), and channels of far participants not known yet.
    var channelOwners: [UInt16: Participant] = [:]
    var waitingChannels: [(farID: String, info: DataChannelInfo)] = []
    /// Called once when the transport failed (the puller ends the relay).
    var onTransportFailure: (() -> Void)?

    init(
        room: Room, registry: RoomRegistry, farNode: String, socket: MediaWorker, fingerprint: Fingerprint,
        logger: Logger
    ) {
        self.room = room
        self.registry = registry
        self.farNode = farNode
        self.socket = socket
        self.fingerprint = fingerprint
        self.logger = logger
    }

    /// One transport, one transport-wide sequence: its feedback is kept by
    /// the first far participant that publishes.
    private var transportOwner: Participant? { members.first { !$0.participant.tracks.isEmpty }?.participant }

    /// Takes the far node's subscribe offer: connects on the first one,
    /// publishes each far publisher's tracks here as its participant's (as
    /// if it had offered them), and returns the answer for the far node.
    /// `names` are the far participants' names by id.
    func accept(
        offer: SessionDescription, tracks: [TrackInfo], names: [String: String], preferences: CodecPreferences,
        sessionID: UInt64
    ) throws -> String {
        if transport == nil, offer.media.contains(where: { !$0.isRejected }) {
            let far: ICELiteServerEndpoint
            do { far = try ICELiteServerEndpoint(from: offer) } catch { throw RelayError.badFarSDP(error.description) }
            dtlsRole = far.localDTLSRole
            transport = try socket.makeClientPeer(
                remote: far.address, localCredentials: credentials, remoteCredentials: far.credentials,
                remoteFingerprint: far.fingerprint, dtlsRole: far.localDTLSRole, delegate: self)
        }
        let split = StandInOffer(offer: offer, tracks: tracks)
        ssrcOwners = [:]
        for farID in split.participantIDs {
            guard let participant = try participant(for: farID, name: names[farID] ?? farID) else { continue }
            do throws(RoomError) {
                // The far offer is sendonly from its sender's side, as a publish offer is.
                let ssrcs = try split.publish(
                    split.share(of: farID), as: participant, in: room, transport: subscribeTransport,
                    preferences: preferences)
                for ssrc in ssrcs { ssrcOwners[ssrc] = participant }
            } catch {
                throw RelayError.publishRefused("\(error)")
            }
        }
        // Far participants with nothing left to send stay, with no tracks.
        for member in members where !split.participantIDs.contains(member.farID) && !member.participant.tracks.isEmpty {
            do throws(RoomError) {
                _ = try split.publish(
                    split.share(of: nil), as: member.participant, in: room, transport: subscribeTransport,
                    preferences: preferences)
            } catch {
                throw RelayError.publishRefused("\(error)")
            }
        }
        // Renegotiations keep the role the first answer chose (RFC 8842 §5.5).
        var builder = SubscribeAnswerBuilder(
            ufrag: credentials.ufrag, password: credentials.password, fingerprint: fingerprint,
            setup: dtlsRole == .server ? .passive : .active)
        builder.acceptsDataChannels = room.limits.dataChannels.enabled
        builder.maxMessageSize = room.limits.dataChannels.maxMessageSize
        if builder.acceptsDataChannels { enableDataChannels(offeredIn: offer) }
        return builder.answer(offer, sessionID: sessionID).serialized()
    }

    /// A participant of the far node's own is in the far room: it joins
    /// here, with no tracks until an offer names some.
    func arrived(farID: String, name: String) throws {
        guard let participant = try participant(for: farID, name: name) else { return }
        openWaitingChannels(of: farID, as: participant)
    }

    /// It left the far room: it leaves here, with whatever it published.
    func departed(farID: String) {
        departedIDs.insert(farID)
        guard let index = members.firstIndex(where: { $0.farID == farID }) else { return }
        let participant = members.remove(at: index).participant
        ssrcOwners = ssrcOwners.filter { $0.value !== participant }
        channelOwners = channelOwners.filter { $0.value !== participant }
        room.leave(participant)
    }

    /// The participant standing for `farID` here, under the far id and
    /// name; nil when it left already, when the room holds that id already
    /// (it came in by another relay, or collides: nobody is shown twice),
    /// or when the room is full (an offer naming it tries again; the relay
    /// goes on for the others).
    private func participant(for farID: String, name: String) throws -> Participant? {
        if let known = members.first(where: { $0.farID == farID }) { return known.participant }
        guard !departedIDs.contains(farID) else { return nil }
        let participant = Participant(id: farID, name: name, link: self)
        participant.receivesMedia = false
        participant.relay = .publisher(node: farNode)
        do throws(RoomError) {
            _ = try room.join(participant)
        } catch .duplicateParticipant {
            logger.warning("a far participant's id is taken here", metadata: ["participant": "\(farID)"])
            return nil
        } catch .full {
            logger.warning("the room is full: a far participant is not shown here", metadata: ["participant": "\(farID)"])
            return nil
        } catch {
            throw RelayError.publishRefused("\(error)")
        }
        members.append((farID, participant))
        return participant
    }

    /// Leaves the room and closes the transport (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        for member in members { room.leave(member.participant) }
        members = []
        ssrcOwners = [:]
        channelOwners = [:]
        waitingChannels = []
        registry.removeIfEmpty(room)
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
        transport?.sendRTCP(&packet)
    }

    /// Never offered to anyone (the relay receives nothing here); the
    /// publish answers it gets are dropped.
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
        guard let owner = transportOwner else { return }
        // The SSRC (RFC 3550 §5.1, bytes 8-11) picks the far publisher; a
        // packet of no known stream still counts for transport feedback.
        let ssrc = packet.getInteger(at: packet.readerIndex + 8, as: UInt32.self)
        let publisher = ssrc.flatMap { ssrcOwners[$0] } ?? owner
        room.handlePublisherRTP(from: publisher, packet: packet, now: .now(), transportOwner: owner)
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTCP packet: ByteBuffer) {
        // Sender reports are matched by SSRC: each participant takes its own.
        let now = NIODeadline.now()
        for member in members { room.handlePublisherRTCP(from: member.participant, packet: packet, now: now) }
    }

    func peerTransport(_ peer: PeerTransport, didCloseWith reason: PeerCloseReason) {
        guard !closed, reason != .closedByOwner else { return }
        logger.info("relay transport closed", metadata: ["far": "\(farNode)", "reason": "\(reason)"])
        onTransportFailure?()
    }
}
