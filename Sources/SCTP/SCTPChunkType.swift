/// Chunk type numbers (RFC 9260 §3.2, RFC 3758 §3.2, RFC 6525 §3.1).
public enum SCTPChunkType {
    public static let data: UInt8 = 0
    public static let initiation: UInt8 = 1
    public static let initiationAck: UInt8 = 2
    public static let selectiveAck: UInt8 = 3
    public static let heartbeat: UInt8 = 4
    public static let heartbeatAck: UInt8 = 5
    public static let abort: UInt8 = 6
    public static let shutdown: UInt8 = 7
    public static let shutdownAck: UInt8 = 8
    public static let error: UInt8 = 9
    public static let cookieEcho: UInt8 = 10
    public static let cookieAck: UInt8 = 11
    public static let shutdownComplete: UInt8 = 14
    public static let reconfig: UInt8 = 130
    public static let forwardTSN: UInt8 = 192

    /// What a receiver does with a chunk type it does not know: the two
    /// high bits of the type (RFC 9260 §3.2).
    public enum UnknownHandling: Sendable {
        case stop, stopAndReport, skip, skipAndReport
    }

    public static func unknownHandling(_ type: UInt8) -> UnknownHandling {
        switch type >> 6 {
        case 0: .stop
        case 1: .stopAndReport
        case 2: .skip
        default: .skipAndReport
        }
    }
}
