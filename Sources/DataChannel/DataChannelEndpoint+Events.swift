import NIOCore
import SCTP

/// Association events into channel events: DCEP messages, user messages
/// and stream resets (RFC 8831 §6.7, RFC 8832 §6).
extension DataChannelEndpoint {
    mutating func translate(_ actions: [SCTPAction], now: NIODeadline) -> [DataChannelAction] {
        var out: [DataChannelAction] = []
        for action in actions {
            switch action {
            case .send(let bytes): out.append(.send(bytes))
            case .established: out.append(.ready)
            case .message(let message): received(message, now: now, into: &out)
            case .incomingStreamsReset(let streams):
                for id in streams { incomingReset(id, now: now, into: &out) }
            case .outgoingStreamsReset(let streams):
                for id in streams {
                    channels[id]?.localResetDone = true
                    finishClose(id, into: &out)
                }
            case .closed(let reason):
                channels = [:]
                out.append(.associationClosed(reason))
            }
        }
        return out
    }

    private mutating func received(_ message: SCTPMessage, now: NIODeadline, into out: inout [DataChannelAction]) {
        let id = message.streamIdentifier
        guard let kind = DataChannelPayloadProtocol(rawValue: message.payloadProtocol) else {
            counters.unknownPayloadProtocol &+= 1
            return
        }
        if kind == .control {
            control(message, now: now, into: &out)
            return
        }
        guard let channel = channels[id] else {
            counters.messageOnUnknownChannel &+= 1
            return
        }
        let empty = kind == .emptyString || kind == .emptyBinary
        out.append(.message(DataChannelMessage(
            channel: id, label: channel.info.label, binary: kind == .binary || kind == .emptyBinary,
            bytes: empty ? ByteBuffer() : message.bytes)))
    }

    private mutating func control(_ message: SCTPMessage, now: NIODeadline, into out: inout [DataChannelAction]) {
        let id = message.streamIdentifier
        guard let dcep = try? DCEPMessage(parsing: message.bytes) else {
            counters.malformedControl &+= 1
            return
        }
        switch dcep {
        case .ack:
            guard var channel = channels[id], !channel.acknowledged else {
                counters.messageOnUnknownChannel &+= 1
                return
            }
            channel.acknowledged = true
            channels[id] = channel
            out.append(.opened(channel.info))
        case .open(let type, let priority, let label, let name):
            // The opener's parity is the other side's (RFC 8832 §6).
            guard id % 2 != role.parity else {
                counters.openOnWrongParity &+= 1
                return
            }
            guard channels[id] == nil else {
                counters.openOnUsedStream &+= 1
                return
            }
            guard channels.count < maxChannels else {
                counters.channelLimit &+= 1
                out += translate(association.resetStreams([id], now: now), now: now)
                return
            }
            let info = DataChannelInfo(id: id, label: label, protocol: name, type: type, priority: priority)
            channels[id] = Channel(info: info, acknowledged: true)
            if let actions = try? sendControl(.ack, on: id, now: now) { out += actions }
            out.append(.opened(info))
        }
    }

    /// The peer reset its side of stream `id`: reset ours too, then the
    /// channel is closed (RFC 8831 §6.7).
    private mutating func incomingReset(_ id: UInt16, now: NIODeadline, into out: inout [DataChannelAction]) {
        guard var channel = channels[id] else { return }
        channel.remoteResetDone = true
        let startOurs = !channel.closing
        channel.closing = true
        channels[id] = channel
        if startOurs { out += translate(association.resetStreams([id], now: now), now: now) }
        finishClose(id, into: &out)
    }

    private mutating func finishClose(_ id: UInt16, into out: inout [DataChannelAction]) {
        guard let channel = channels[id], channel.localResetDone, channel.remoteResetDone else { return }
        channels[id] = nil
        out.append(.closed(channel.info))
    }
}
