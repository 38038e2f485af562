import DataChannel
import Logging
import MediaNegotiation
import NIOCore
import Rooms
import SDP
import SignalingMessages

/// The receiving end of a pipe between two shards of one room: one
/// stand-in per participant of the other shard (`RelayRole.shardPublisher`,
/// with that participant's id and name), publishing what the other shard's
/// offers carry, so this shard's clients see and receive them as if they
/// were here. The room's feedback to them goes back through the pipe.
/// Confined to this shard's loop.
final class ShardPipeSink: ParticipantLink {
    let room: Room
    let registry: RoomRegistry
    let sourceWorker: Int
    private let preferences: CodecPreferences
    private let logger: Logger
    private var feedback: BatchedHandoff?
    private var standIns: [String: Participant] = [:]
    /// Which stand-in each SSRC of the last offer (media and RTX) is for.
    private var ssrcOwners: [UInt32: Participant] = [:]
    /// Transport-wide feedback is one stand-in's to give (one sequence).
    private var transportOwner: Participant?
    private let sessionID = UInt64.random(in: 1...UInt64(Int64.max))
    /// The other shard's data channels by the pipe's channel id: the
    /// stand-in that opened it here.
    private var channels: [UInt16: Participant] = [:]
    private(set) var closed = false

    init(
        room: Room, registry: RoomRegistry, sourceWorker: Int, preferences: CodecPreferences, logger: Logger
    ) {
        self.room = room
        self.registry = registry
        self.sourceWorker = sourceWorker
        self.preferences = preferences
        self.logger = logger
    }

    /// Where the feedback goes (set once both ends exist).
    func connect(to source: NIOLoopBound<ShardPipeSource>, loop: any EventLoop, budget: PipeBudget) {
        feedback = BatchedHandoff(from: loop, to: source.eventLoop, budget: budget) { batch in
            source.value.receive(batch)
        }
    }

    /// `farNode`: the node the participant is a client of, when not this one.
    func addMember(id: String, name: String, farNode: String?) {
        guard !closed, standIns[id] == nil else { return }
        let participant = Participant(id: id, name: name, link: self)
        participant.receivesMedia = false
        participant.relay = .shardPublisher(worker: sourceWorker, farNode: farNode)
        do throws(RoomError) {
            _ = try room.join(participant)
        } catch {
            logger.warning("a shard's participant could not stand in here", metadata: ["id": "\(id)", "error": "\(error)"])
            return
        }
        standIns[id] = participant
    }

    func removeMember(id: String) {
        guard let participant = standIns.removeValue(forKey: id) else { return }
        if transportOwner === participant { transportOwner = nil }
        ssrcOwners = ssrcOwners.filter { $0.value !== participant }
        channels = channels.filter { $0.value !== participant }
        room.leave(participant)
    }

    /// Publishes each stand-in's share of the other shard's offer (the
    /// layers of a simulcast track merged back into one track) and returns
    /// the answer; nil when this end is closed or the offer is unusable.
    func accept(offer sdp: String, tracks snapshots: [TrackSnapshot]) -> String? {
        guard !closed, let offer = try? SessionDescription(parsing: sdp) else { return nil }
        let tracks = snapshots.map(TrackInfo.init)
        let split = StandInOffer(offer: offer, tracks: tracks)
        ssrcOwners = [:]
        // Those with tracks in the offer, and those whose tracks it ended.
        for id in split.participantIDs where standIns[id] == nil { addMember(id: id, name: id, farNode: nil) }
        let publishing = standIns.filter { split.participantIDs.contains($0.key) || !$0.value.tracks.isEmpty }
        for (id, participant) in publishing {
            let share = split.share(of: id)
            guard share.media.contains(where: { !$0.isRejected }) else {
                room.withdrawTracks(of: participant)
                continue
            }
            do throws(RoomError) {
                let ssrcs = try split.publish(
                    share, as: participant, in: room, transport: subscribeTransport, preferences: preferences)
                for ssrc in ssrcs { ssrcOwners[ssrc] = participant }
            } catch {
                logger.warning("a shard's tracks were refused", metadata: ["id": "\(id)", "error": "\(error)"])
            }
        }
        if transportOwner == nil { transportOwner = publishing.values.first }
        var builder = SubscribeAnswerBuilder(
            ufrag: subscribeTransport.iceUfrag, password: subscribeTransport.icePassword,
            fingerprint: subscribeTransport.fingerprint, setup: .active)
        builder.acceptsDataChannels = true
        return builder.answer(offer, sessionID: sessionID).serialized()
    }

    /// Packets from the other shard: RTP to the stand-in its SSRC names,
    /// RTCP (sender reports) to each stand-in, which takes its own.
    func receive(_ batch: PacketBatch) {
        guard !closed else { return }
        let now = NIODeadline.now()
        batch.forEach { kind, packet in
            switch kind {
            case .rtp:
                // A packet of no known stream still counts for transport
                // feedback (the room counts it dropped).
                let ssrc = packet.getInteger(at: packet.readerIndex + 8, as: UInt32.self)
                guard let owner = transportOwner else { return }
                let publisher = ssrc.flatMap { ssrcOwners[$0] } ?? owner
                room.handlePublisherRTP(from: publisher, packet: packet, now: now, transportOwner: owner)
            case .rtcp:
                for participant in standIns.values { room.handlePublisherRTCP(from: participant, packet: packet, now: now) }
            }
        }
    }

    /// A channel of the other shard's participant: its stand-in opens it
    /// here (the label is `<participant id>/<label>`), so clients here get
    /// it as from a participant of their own shard.
    func openChannel(_ channel: UInt16, label: String, protocol name: String, type: DataChannelType) {
        guard !closed, let slash = label.firstIndex(of: "/"), let standIn = standIns[String(label[..<slash])] else { return }
        channels[channel] = standIn
        let info = DataChannelInfo(id: channel, label: String(label[label.index(after: slash)...]), protocol: name, type: type)
        room.dataChannelOpened(by: standIn, info)
    }

    func channelMessage(_ bytes: ByteBuffer, binary: Bool, on channel: UInt16) {
        guard let standIn = channels[channel] else { return }
        room.dataChannelMessage(
            from: standIn, DataChannelMessage(channel: channel, label: "", binary: binary, bytes: bytes), now: .now())
    }

    func closeChannel(_ channel: UInt16) {
        guard let standIn = channels.removeValue(forKey: channel) else { return }
        room.dataChannelClosed(by: standIn, id: channel)
    }

    /// Every stand-in leaves; the room goes if nobody else is in it.
    func close() {
        guard !closed else { return }
        closed = true
        feedback?.close()
        feedback = nil
        for participant in standIns.values { room.leave(participant) }
        standIns = [:]
        ssrcOwners = [:]
        channels = [:]
        transportOwner = nil
        registry.removeIfEmpty(room)
    }

    // MARK: - ParticipantLink

    /// Stand-ins receive nothing: room events are for clients.
    func deliver(_ event: RoomEvent) {}

    func sendToSubscriber(rtp packet: inout ByteBuffer) -> Bool { false }

    func sendToSubscriber(rtcp packet: inout ByteBuffer) {}

    /// Keyframe requests, NACKs, REMB and TWCC for the other shard's publishers.
    func sendToPublisher(rtcp packet: inout ByteBuffer) {
        feedback?.append(.rtcp, packet)
    }

    /// Never offered to anyone (stand-ins receive nothing).
    var subscribeTransport: ServerTransportParameters { .shardPipe }
}
