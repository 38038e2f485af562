import NIOCore
import SCTP

/// WebRTC data channels (RFC 8831) over one SCTP association, opened with
/// DCEP (RFC 8832): a value type fed SCTP packets, user requests and the
/// time, returning `DataChannelAction`s, like the association under it.
public struct DataChannelEndpoint: Sendable {
    public let role: DataChannelRole
    /// Channels either side may have open at once; a peer's open beyond it
    /// is refused by resetting its stream.
    public let maxChannels: Int
    public internal(set) var association: SCTPAssociation
    public internal(set) var counters = DataChannelCounters()

    struct Channel: Sendable {
        var info: DataChannelInfo
        /// Until the peer's ACK, messages go ordered (RFC 8832 §6).
        var acknowledged: Bool
        var localResetDone = false
        var remoteResetDone = false
        var closing = false
    }

    var channels: [UInt16: Channel] = [:]

    public init(role: DataChannelRole, association: SCTPAssociation, maxChannels: Int = 256) {
        self.role = role
        self.association = association
        self.maxChannels = maxChannels
    }

    public var nextDeadline: NIODeadline? { association.nextDeadline }
    public var openChannels: [DataChannelInfo] { channels.values.map(\.info).sorted { $0.id < $1.id } }

    public mutating func connect(now: NIODeadline) -> [DataChannelAction] {
        translate(association.connect(now: now), now: now)
    }

    public mutating func handle(packet: ByteBuffer, now: NIODeadline) -> [DataChannelAction] {
        translate(association.handle(packet: packet, now: now), now: now)
    }

    public mutating func handleTimeout(now: NIODeadline) -> [DataChannelAction] {
        translate(association.handleTimeout(now: now), now: now)
    }

    /// Opens a channel on the next free stream of our parity and sends
    /// DATA_CHANNEL_OPEN; `.opened` follows the peer's ACK.
    public mutating func open(
        label: String, protocol name: String = "", type: DataChannelType = .reliableOrdered, priority: UInt16 = 0,
        now: NIODeadline
    ) throws(DataChannelError) -> (id: UInt16, actions: [DataChannelAction]) {
        guard association.isEstablished else { throw .notReady }
        guard channels.count < maxChannels else { throw .tooManyChannels(limit: maxChannels) }
        let limit = min(association.outboundStreamCount, association.inboundStreamCount)
        guard let id = stride(from: role.parity, to: limit, by: 2).first(where: { channels[$0] == nil }) else { throw .noFreeStream }
        let info = DataChannelInfo(id: id, label: label, protocol: name, type: type, priority: priority)
        let open = DCEPMessage.open(channelType: type, priority: priority, label: label, protocol: name)
        let actions = try sendControl(open, on: id, now: now)
        channels[id] = Channel(info: info, acknowledged: false)
        return (id, actions)
    }

    /// Sends one message on channel `id`; an empty one as the "empty" PPID.
    public mutating func send(_ bytes: ByteBuffer, binary: Bool, on id: UInt16, now: NIODeadline) throws(DataChannelError)
        -> [DataChannelAction]
    {
        guard let channel = channels[id], !channel.closing else { throw .noSuchChannel(id) }
        let empty = bytes.readableBytes == 0
        let message = SCTPMessage(
            streamIdentifier: id, payloadProtocol: DataChannelPayloadProtocol.forMessage(binary: binary, empty: empty).rawValue,
            unordered: channel.acknowledged && !channel.info.type.ordered, bytes: empty ? ByteBuffer(bytes: [0]) : bytes)
        do {
            return translate(try association.send(message, reliability: channel.info.type.sctpReliability, now: now), now: now)
        } catch {
            throw .send(error)
        }
    }

    /// Bytes queued on the association and not yet acknowledged.
    public var bufferedAmount: Int { association.bufferedAmount }

    /// Closes channel `id` by resetting its outgoing stream (RFC 8831 §6.7).
    public mutating func close(_ id: UInt16, now: NIODeadline) -> [DataChannelAction] {
        guard var channel = channels[id], !channel.closing else { return [] }
        channel.closing = true
        guard association.supportsStreamReset else {
            // Without RE-CONFIG the stream cannot be reset: the channel just ends.
            channels[id] = nil
            return [.closed(channel.info)]
        }
        channels[id] = channel
        return translate(association.resetStreams([id], now: now), now: now)
    }

    func sendControlMessage(_ message: DCEPMessage, on id: UInt16) -> SCTPMessage {
        SCTPMessage(streamIdentifier: id, payloadProtocol: DataChannelPayloadProtocol.control.rawValue, bytes: message.serialized())
    }

    mutating func sendControl(_ message: DCEPMessage, on id: UInt16, now: NIODeadline) throws(DataChannelError) -> [DataChannelAction] {
        do {
            return translate(try association.send(sendControlMessage(message, on: id), now: now), now: now)
        } catch {
            throw .send(error)
        }
    }
}
