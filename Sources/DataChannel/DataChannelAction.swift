import NIOCore
import SCTP

/// One data channel as both ends know it.
public struct DataChannelInfo: Sendable, Hashable {
    /// The SCTP stream id, the same both ways.
    public var id: UInt16
    public var label: String
    public var `protocol`: String
    public var type: DataChannelType
    public var priority: UInt16

    public init(id: UInt16, label: String, protocol name: String = "", type: DataChannelType = .reliableOrdered, priority: UInt16 = 0) {
        self.id = id
        self.label = label
        self.protocol = name
        self.type = type
        self.priority = priority
    }
}

/// A message received on a channel.
public struct DataChannelMessage: Sendable, Hashable {
    public var channel: UInt16
    public var label: String
    public var binary: Bool
    public var bytes: ByteBuffer

    public init(channel: UInt16, label: String, binary: Bool, bytes: ByteBuffer) {
        self.channel = channel
        self.label = label
        self.binary = binary
        self.bytes = bytes
    }
}

/// What the owner of a `DataChannelEndpoint` does next.
public enum DataChannelAction: Sendable, Hashable {
    /// Send this SCTP packet as DTLS application data.
    case send(ByteBuffer)
    /// The SCTP association is up: channels may be opened.
    case ready
    /// A channel is open: the peer acknowledged ours, or opened one.
    case opened(DataChannelInfo)
    case message(DataChannelMessage)
    /// A channel closed (both directions of its stream reset).
    case closed(DataChannelInfo)
    /// The association ended; every channel with it.
    case associationClosed(SCTPCloseReason)
}

/// Why the endpoint refused a request of its user.
public enum DataChannelError: Error, Sendable, Hashable {
    case notReady
    case noSuchChannel(UInt16)
    case tooManyChannels(limit: Int)
    case noFreeStream
    case send(SCTPSendError)
}

/// The DTLS role decides the stream ids a side opens channels on (RFC
/// 8832 §6): the DTLS client even ones, the DTLS server odd ones.
public enum DataChannelRole: Sendable, Hashable {
    case dtlsClient, dtlsServer

    var parity: UInt16 { self == .dtlsClient ? 0 : 1 }
}

/// Refused peer input, by reason.
public struct DataChannelCounters: Sendable, Hashable {
    public var malformedControl = 0
    public var openOnWrongParity = 0
    public var openOnUsedStream = 0
    public var channelLimit = 0
    public var unknownPayloadProtocol = 0
    public var messageOnUnknownChannel = 0
    public init() {}
}
