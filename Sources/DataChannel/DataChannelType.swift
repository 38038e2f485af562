import NIOCore
import SCTP

/// How a channel delivers: ordered or not, and how reliably (RFC 8832
/// §5.1 channel types with their reliability parameter).
public struct DataChannelType: Sendable, Hashable {
    public enum Reliability: Sendable, Hashable {
        case reliable
        /// Give up after this many retransmissions.
        case maxRetransmits(UInt32)
        /// Give up after this many milliseconds.
        case lifetime(milliseconds: UInt32)
    }

    public var ordered: Bool
    public var reliability: Reliability

    public init(ordered: Bool = true, reliability: Reliability = .reliable) {
        self.ordered = ordered
        self.reliability = reliability
    }

    public static let reliableOrdered = DataChannelType()

    /// The channel type byte and reliability parameter of DATA_CHANNEL_OPEN.
    var wire: (channelType: UInt8, parameter: UInt32) {
        let unordered: UInt8 = ordered ? 0 : 0x80
        switch reliability {
        case .reliable: return (unordered, 0)
        case .maxRetransmits(let count): return (unordered | 0x01, count)
        case .lifetime(let milliseconds): return (unordered | 0x02, milliseconds)
        }
    }

    init?(channelType: UInt8, parameter: UInt32) {
        ordered = channelType & 0x80 == 0
        switch channelType & 0x7F {
        case 0x00: reliability = .reliable
        case 0x01: reliability = .maxRetransmits(parameter)
        case 0x02: reliability = .lifetime(milliseconds: parameter)
        default: return nil
        }
    }

    /// The SCTP partial reliability policy for the channel's messages.
    var sctpReliability: SCTPReliability {
        switch reliability {
        case .reliable: .reliable
        case .maxRetransmits(let count): .maxRetransmits(Int(count))
        case .lifetime(let milliseconds): .lifetime(.milliseconds(Int64(milliseconds)))
        }
    }
}
