import DataChannel
import Logging
import MediaNegotiation
import NIOCore
import Rooms
import SDP

/// The sending end of a pipe between two shards of one room
/// (docs/shards.md): a hidden subscriber of this shard's room that takes
/// what arrived on this shard (its clients' tracks and other nodes'
/// relays, `RelayRole.shardSubscriber`) and hands it to the shard on
/// `sinkWorker`, in batches. Its roster goes along, so the other shard
/// shows this shard's clients, publishing or not. The other shard's
/// feedback (NACK, PLI, REMB, TWCC) comes back as this subscriber's.
/// Confined to this shard's loop.
final class ShardPipeSource: ParticipantLink {
    let room: Room
    let participant: Participant
    let sinkWorker: Int
    private let loop: any EventLoop
    private let logger: Logger
    private var sink: NIOLoopBound<ShardPipeSink>?
    private var packets: BatchedHandoff!
    /// Ids of the participants the other shard mirrors (so it is told when they go).
    private var mirrored: Set<String> = []
    private var connected = false
    /// Data channels forwarded through the pipe, by the pipe's channel id.
    private var channels: Set<UInt16> = []
    private var nextChannel: UInt16 = 0
    private(set) var closed = false

    init(
        room: Room, sinkWorker: Int, loop: any EventLoop, sink: NIOLoopBound<ShardPipeSink>, budget: PipeBudget,
        logger: Logger
    ) {
        self.room = room
        self.sinkWorker = sinkWorker
        self.loop = loop
        self.sink = sink
        self.logger = logger
        participant = Participant(name: "shard \(sinkWorker)", link: nil)
        participant.relay = .shardSubscriber(worker: sinkWorker)
        participant.usesDataChannels = true
        participant.link = self
        packets = BatchedHandoff(from: loop, to: sink.eventLoop, budget: budget) { batch in sink.value.receive(batch) }
    }

    /// Joins this shard's room: the other shard learns who is here.
    func open() throws(RoomError) {
        let members = try room.join(participant)
        for member in members { mirror(member.participant) }
        room.startSubscriptions(of: participant)
    }

    /// Leaves the room and hands nothing more (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        packets.close()
        sink = nil
        room.leave(participant)
    }

    /// The other shard's feedback, as this subscriber's RTCP.
    func receive(_ batch: PacketBatch) {
        guard !closed else { return }
        let now = NIODeadline.now()
        batch.forEach { kind, packet in
            if kind == .rtcp { room.handleSubscriberRTCP(from: participant, packet: packet, now: now) }
        }
    }

    /// Whether `id` is one of this shard's own (a client here, or another
    /// node's relayed participant: then which node), so the other shard
    /// mirrors it; stand-ins of other shards stay there.
    private func arrivedHere(_ id: String) -> (Bool, farNode: String?) {
        guard let member = room.participants.first(where: { $0.id == id }) else { return (false, nil) }
        switch member.relay {
        case .none: return (true, nil)
        case .publisher(let node): return (true, node)
        case .subscriber, .shardSubscriber, .shardPublisher: return (false, nil)
        }
    }

    private func mirror(_ snapshot: ParticipantSnapshot) {
        let (here, farNode) = arrivedHere(snapshot.id)
        guard here, mirrored.insert(snapshot.id).inserted else { return }
        control { $0.addMember(id: snapshot.id, name: snapshot.name, farNode: farNode) }
    }

    /// Runs `body` on the other shard after every packet handed so far.
    private func control(_ body: @escaping (ShardPipeSink) -> Void) {
        guard let sink, !closed else { return }
        packets.flush()
        sink.eventLoop.execute { body(sink.value) }
    }

    // MARK: - ParticipantLink

    func deliver(_ event: RoomEvent) {
        switch event {
        case .participantJoined(let snapshot):
            // Told before the newcomer is in the room: its role is known
            // once the join is done.
            loop.assumeIsolated().execute { [weak self] in self?.mirror(snapshot) }
        case .participantLeft(let snapshot):
            guard mirrored.remove(snapshot.id) != nil else { return }
            control { $0.removeMember(id: snapshot.id) }
        case .offer(let sdp, let tracks):
            answer(sdp: sdp, tracks: tracks)
        case .tracks, .trackPaused, .trackResumed, .activeSpeaker, .layersWanted, .recording:
            // Each shard tells its own clients these from its own room.
            return
        }
    }

    /// The other shard publishes what the offer carries and answers; the
    /// answer comes back here.
    private func answer(sdp: String, tracks: [TrackSnapshot]) {
        let source = NIOLoopBound(self, eventLoop: loop)
        control { sink in
            let answer = sink.accept(offer: sdp, tracks: tracks)
            source.eventLoop.execute { source.value.apply(answer: answer) }
        }
    }

    private func apply(answer: String?) {
        guard !closed else { return }
        guard let answer, let description = try? SessionDescription(parsing: answer) else {
            logger.warning("a shard refused the pipe's offer", metadata: ["shard": "\(sinkWorker)"])
            return
        }
        let now = NIODeadline.now()
        do throws(RoomError) {
            try room.applyAnswer(participant, answer: description, now: now)
        } catch {
            logger.warning("the pipe's answer did not apply", metadata: ["error": "\(error)"])
            return
        }
        // Nothing to connect in memory: video starts with a keyframe now,
        // and the data channels open.
        if !connected {
            connected = true
            room.subscriberConnected(participant, now: now)
        }
        if room.subscribeDataChannel(of: participant) != nil { room.subscriberDataChannelsReady(participant) }
    }

    @discardableResult
    func sendToSubscriber(rtp packet: inout ByteBuffer) -> Bool {
        guard !closed else { return false }
        packets.append(.rtp, packet)
        return true
    }

    func sendToSubscriber(rtcp packet: inout ByteBuffer) {
        packets.append(.rtcp, packet)
    }

    /// It publishes nothing here.
    func sendToPublisher(rtcp packet: inout ByteBuffer) {}

    /// Never used to connect: the pipe is in memory.
    var subscribeTransport: ServerTransportParameters { .shardPipe }

    // MARK: - Data channels (in memory: no SCTP, nothing buffered here)

    func openForwardedChannel(label: String, protocol name: String, type: DataChannelType) -> UInt16? {
        guard !closed, channels.count < Int(UInt16.max) else { return nil }
        while channels.contains(nextChannel) { nextChannel &+= 1 }
        let channel = nextChannel
        nextChannel &+= 1
        channels.insert(channel)
        control { $0.openChannel(channel, label: label, protocol: name, type: type) }
        return channel
    }

    func sendForwarded(_ bytes: ByteBuffer, binary: Bool, on channel: UInt16) -> Bool {
        guard channels.contains(channel) else { return false }
        control { $0.channelMessage(bytes, binary: binary, on: channel) }
        return true
    }

    func closeForwardedChannel(_ channel: UInt16) {
        guard channels.remove(channel) != nil else { return }
        control { $0.closeChannel(channel) }
    }

    var forwardedBufferedAmount: Int { 0 }

    /// The receivers on the other shard hold their own limits.
    var forwardedMaxMessageSize: Int { Int(Int32.max) }

}
