/// SCTP payload protocol identifiers of WebRTC data channels (RFC 8831
/// §8, RFC 8832 §8.1). Empty messages travel as one byte under the
/// "empty" identifiers, since a DATA chunk cannot be empty.
public enum DataChannelPayloadProtocol: UInt32, Sendable, Hashable {
    case control = 50
    case string = 51
    case binary = 53
    case emptyString = 56
    case emptyBinary = 57

    /// The identifier for a user message.
    public static func forMessage(binary: Bool, empty: Bool) -> DataChannelPayloadProtocol {
        switch (binary, empty) {
        case (false, false): .string
        case (true, false): .binary
        case (false, true): .emptyString
        case (true, true): .emptyBinary
        }
    }
}
