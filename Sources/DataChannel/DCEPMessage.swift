import NIOCore

/// The Data Channel Establishment Protocol's two messages (RFC 8832 §5),
/// sent on the channel's stream under payload protocol 50.
public enum DCEPMessage: Sendable, Hashable {
    /// DATA_CHANNEL_OPEN (§5.1).
    case open(channelType: DataChannelType, priority: UInt16, label: String, protocol: String)
    /// DATA_CHANNEL_ACK (§5.2).
    case ack

    static let openType: UInt8 = 0x03
    static let ackType: UInt8 = 0x02

    public init(parsing bytes: ByteBuffer) throws(DCEPError) {
        var buffer = bytes
        guard let type = buffer.readInteger(as: UInt8.self) else { throw .truncated(at: 0, need: 1) }
        switch type {
        case DCEPMessage.ackType:
            self = .ack
        case DCEPMessage.openType:
            guard let (channelType, priority, parameter, labelLength, protocolLength) =
                buffer.readMultipleIntegers(as: (UInt8, UInt16, UInt32, UInt16, UInt16).self)
            else { throw .truncated(at: 1, need: 11) }
            guard let kind = DataChannelType(channelType: channelType, parameter: parameter) else {
                throw .unknownChannelType(channelType)
            }
            let need = Int(labelLength) + Int(protocolLength)
            guard buffer.readableBytes >= need,
                let label = buffer.readString(length: Int(labelLength)),
                let name = buffer.readString(length: Int(protocolLength))
            else { throw .truncated(at: 12, need: need) }
            self = .open(channelType: kind, priority: priority, label: label, protocol: name)
        default:
            throw .unknownMessageType(type)
        }
    }

    public func serialized() -> ByteBuffer {
        var buffer = ByteBuffer()
        switch self {
        case .ack:
            buffer.writeInteger(DCEPMessage.ackType)
        case .open(let kind, let priority, let label, let name):
            let wire = kind.wire
            let labelBytes = Array(label.utf8.prefix(Int(UInt16.max)))
            let protocolBytes = Array(name.utf8.prefix(Int(UInt16.max)))
            buffer.writeMultipleIntegers(
                DCEPMessage.openType, wire.channelType, priority, wire.parameter, UInt16(labelBytes.count),
                UInt16(protocolBytes.count))
            buffer.writeBytes(labelBytes)
            buffer.writeBytes(protocolBytes)
        }
        return buffer
    }
}

/// What was wrong with a DCEP message, and where (bytes from its start).
public enum DCEPError: Error, Sendable, Hashable {
    case truncated(at: Int, need: Int)
    case unknownMessageType(UInt8)
    case unknownChannelType(UInt8)
}
