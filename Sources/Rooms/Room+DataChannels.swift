import DataChannel
import MediaNegotiation
import NIOCore

/// Data channel routing, mediasoup's model: a channel a participant opens
/// on its publish PC is a producer; the server opens one channel per other
/// participant on that participant's subscribe PC, labelled
/// `<publisher id>/<label>` with the same ordering and reliability, and
/// forwards every message byte for byte with its type.
extension Room {
    /// The publish offer's accepted m=application, if any.
    public func publishDataChannel(of participant: Participant) -> NegotiatedDataChannel? {
        participant.publishAnswerer?.lastDataChannel
    }

    /// The subscribe answer's accepted m=application, if any.
    public func subscribeDataChannel(of participant: Participant) -> NegotiatedDataChannel? {
        participant.negotiator.dataChannel?.accepted
    }

    /// Whether `participant`'s offers and answers carry an m=application.
    func negotiatesDataChannels(_ participant: Participant) -> Bool {
        participant.usesDataChannels && limits.dataChannels.enabled
    }

    /// `publisher` opened channel `info` on its publish PC.
    public func dataChannelOpened(by publisher: Participant, _ info: DataChannelInfo) {
        guard publisher.room === self, publisher.publishedChannels[info.id] == nil else { return }
        let channel = PublishedChannel(publisher: publisher, info: info)
        publisher.publishedChannels[info.id] = channel
        for subscriber in participants where receives(channelsOf: publisher, subscriber) {
            if subscriber.receivesDataChannels {
                forward(channel, to: subscriber)
            } else if !subscriber.hasOffered, negotiatesDataChannels(subscriber) {
                // Its first offer carries the m=application the channel needs.
                offer(to: subscriber)
            }
        }
    }

    /// A message on `publisher`'s channel: to every other participant's
    /// forwarded channel, unless the sender is over its message or byte rate.
    public func dataChannelMessage(from publisher: Participant, _ message: DataChannelMessage, now: NIODeadline) {
        guard publisher.room === self, let channel = publisher.publishedChannels[message.channel] else { return }
        let size = message.bytes.readableBytes
        counters.dataChannels.messagesIn &+= 1
        counters.dataChannels.bytesIn &+= UInt64(size)
        // A stand-in's messages were counted against its participant's
        // rates where it is a client.
        guard !publisher.relay.isClient || publisher.messageRate.allow(now: now) else {
            counters.dataChannels.droppedRateLimit &+= 1
            return
        }
        guard !publisher.relay.isClient || publisher.byteRate.allow(cost: size, now: now) else {
            counters.dataChannels.droppedByteRateLimit &+= 1
            return
        }
        for subscriber in participants where receives(channelsOf: publisher, subscriber) && negotiatesDataChannels(subscriber) {
            if let forward = channel.forwards[subscriber.id] {
                send(message.bytes, binary: message.binary, on: channel, to: subscriber, as: forward.channel)
            } else if !subscriber.receivesDataChannels {
                hold(message, of: channel, for: subscriber)
            } else {
                counters.dataChannels.droppedNoChannel &+= 1
            }
        }
    }

    /// `publisher` closed its channel `id` (stream reset): so are its forwards.
    public func dataChannelClosed(by publisher: Participant, id: UInt16) {
        guard let channel = publisher.publishedChannels.removeValue(forKey: id) else { return }
        closeForwards(of: channel)
    }

    /// `publisher`'s publish PC association ended: every channel with it.
    public func publishDataChannelsEnded(_ publisher: Participant) {
        let channels = publisher.publishedChannels.values
        publisher.publishedChannels = [:]
        for channel in channels { closeForwards(of: channel) }
    }

    /// `subscriber`'s subscribe PC association is up: it gets a channel for
    /// every open channel of the others.
    public func subscriberDataChannelsReady(_ subscriber: Participant) {
        guard subscriber.room === self, !subscriber.receivesDataChannels else { return }
        subscriber.receivesDataChannels = true
        for publisher in participants where receives(channelsOf: publisher, subscriber) {
            for channel in publisher.publishedChannels.values.sorted(by: { $0.info.id < $1.info.id }) {
                forward(channel, to: subscriber)
            }
        }
        let pending = subscriber.pendingDataMessages
        subscriber.pendingDataMessages = []
        subscriber.pendingDataBytes = 0
        subscriber.pendingDataOverflowed = false
        for message in pending {
            guard let channel = message.source, let forward = channel.forwards[subscriber.id] else {
                counters.dataChannels.droppedNoChannel &+= 1
                continue
            }
            send(message.bytes, binary: message.binary, on: channel, to: subscriber, as: forward.channel)
        }
    }

    /// A channel on `subscriber`'s subscribe PC closed: a forward (closed by
    /// the server, or reset by the subscriber), or one the client opened there.
    public func subscriberDataChannelClosed(_ subscriber: Participant, id: UInt16) {
        guard let forwarded = subscriber.forwardedChannels.removeValue(forKey: id) else { return }
        if forwarded.source.forwards[subscriber.id]?.channel == id {
            forwarded.source.forwards[subscriber.id] = nil
            counters.dataChannels.closedByReceiver &+= 1
        }
    }

    /// A client opened a channel on its subscribe PC, where only the server
    /// opens them: refused by closing it.
    public func subscriberOpenedDataChannel(_ subscriber: Participant, _ info: DataChannelInfo) {
        guard subscriber.forwardedChannels[info.id] == nil else { return }
        counters.dataChannels.refusedOnSubscribe &+= 1
        subscriber.link?.closeForwardedChannel(info.id)
    }

    /// `subscriber`'s subscribe PC association ended, or its answer rejected
    /// the data m-line: its forwards and what was held for it are gone.
    public func subscribeDataChannelsEnded(_ subscriber: Participant) {
        subscriber.receivesDataChannels = false
        counters.dataChannels.droppedNoChannel &+= UInt64(subscriber.pendingDataMessages.count)
        subscriber.pendingDataMessages = []
        subscriber.pendingDataBytes = 0
        subscriber.pendingDataOverflowed = true
        for forwarded in subscriber.forwardedChannels.values { forwarded.source.forwards[subscriber.id] = nil }
        subscriber.forwardedChannels = [:]
    }

    /// `participant` is leaving: its channels' forwards close, and it is no
    /// longer a receiver of anyone's.
    func dataChannelsLeave(_ participant: Participant) {
        publishDataChannelsEnded(participant)
        subscribeDataChannelsEnded(participant)
    }

    /// The number of channels open: published ones and their forwards.
    public var openDataChannels: Int {
        participants.reduce(0) { $0 + $1.publishedChannels.count + $1.forwardedChannels.count }
    }

    // MARK: - Helpers

    /// Everyone gets everyone else's channels, but a relay pulling this
    /// node's channels gets only its own participants': channels that came
    /// in by a relay are never relayed on, as tracks are not.
    private func receives(channelsOf publisher: Participant, _ subscriber: Participant) -> Bool {
        subscriber !== publisher && subscriber.relay.mayReceive(from: publisher.relay)
    }

    /// One message to one receiver's forwarded channel, within its limits.
    private func send(
        _ bytes: ByteBuffer, binary: Bool, on channel: PublishedChannel, to subscriber: Participant, as outgoing: UInt16
    ) {
        guard let link = subscriber.link else { return }
        let size = bytes.readableBytes
        if size > link.forwardedMaxMessageSize {
            counters.dataChannels.droppedTooLarge &+= 1
            return
        }
        if link.forwardedBufferedAmount + size > limits.dataChannels.maxBufferedBytesPerReceiver
            || !link.sendForwarded(bytes, binary: binary, on: outgoing)
        {
            slowReceiver(subscriber, channel: channel, outgoing: outgoing)
            return
        }
        counters.dataChannels.messagesOut &+= 1
        counters.dataChannels.bytesOut &+= UInt64(size)
    }

    /// Holds a message for a receiver whose subscribe PC's association is
    /// not up (its offer, answer or handshake under way), within the same
    /// byte bound as a slow receiver's. Past the bound everything held is
    /// dropped, so the receiver gets a channel's messages from some point
    /// on without a gap; a receiver that rejected the data m-line gets nothing.
    private func hold(_ message: DataChannelMessage, of channel: PublishedChannel, for subscriber: Participant) {
        let size = message.bytes.readableBytes
        guard subscriber.negotiator.dataChannel?.isRejected != true, !subscriber.pendingDataOverflowed else {
            counters.dataChannels.droppedNoChannel &+= 1
            return
        }
        guard subscriber.pendingDataBytes + size <= limits.dataChannels.maxBufferedBytesPerReceiver,
            subscriber.pendingDataMessages.count < Self.maxPendingDataMessages
        else {
            counters.dataChannels.droppedNoChannel &+= UInt64(subscriber.pendingDataMessages.count + 1)
            subscriber.pendingDataMessages = []
            subscriber.pendingDataBytes = 0
            subscriber.pendingDataOverflowed = true
            return
        }
        subscriber.pendingDataBytes += size
        subscriber.pendingDataMessages.append(PendingDataMessage(source: channel, bytes: message.bytes, binary: message.binary))
    }

    /// Messages held per receiver at most (empty ones weigh nothing in bytes).
    static let maxPendingDataMessages = 4_096

    private func forward(_ channel: PublishedChannel, to subscriber: Participant) {
        guard channel.forwards[subscriber.id] == nil, let link = subscriber.link else { return }
        let info = channel.info
        guard let outgoing = link.openForwardedChannel(label: channel.forwardedLabel, protocol: info.protocol, type: info.type)
        else {
            counters.dataChannels.openFailures &+= 1
            return
        }
        channel.forwards[subscriber.id] = PublishedChannel.Forward(subscriber: subscriber, channel: outgoing)
        subscriber.forwardedChannels[outgoing] = ForwardedChannel(source: channel)
    }

    private func closeForwards(of channel: PublishedChannel) {
        for forward in channel.forwards.values {
            counters.dataChannels.closedBySender &+= 1
            guard let subscriber = forward.subscriber else { continue }
            subscriber.forwardedChannels[forward.channel] = nil
            subscriber.link?.closeForwardedChannel(forward.channel)
        }
        channel.forwards = [:]
    }

    /// A receiver that cannot take the message now: a partially reliable
    /// channel loses it (as the sender allowed); a reliable one may not lose
    /// a message silently, so it is closed and the receiver sees that.
    private func slowReceiver(_ subscriber: Participant, channel: PublishedChannel, outgoing: UInt16) {
        guard channel.isReliable else {
            counters.dataChannels.droppedSlowReceiver &+= 1
            return
        }
        counters.dataChannels.closedSlowReceiver &+= 1
        channel.forwards[subscriber.id] = nil
        subscriber.forwardedChannels[outgoing] = nil
        subscriber.link?.closeForwardedChannel(outgoing)
    }
}
