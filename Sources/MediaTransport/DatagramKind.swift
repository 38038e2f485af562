import NIOCore
import RTP

/// What a datagram on the shared media port is, from its first byte
/// (RFC 7983 §7): STUN, DTLS, or RTP/RTCP (told apart by RFC 5761's
/// payload-type rule). Anything else (TURN channels, ZRTP, garbage) is
/// `.unknown` and dropped by the worker.
public enum DatagramKind: Sendable, Hashable {
    case stun
    case dtls
    case rtp
    case rtcp
    case unknown

    /// Classifies `datagram` without copying it.
    public init(classifying datagram: ByteBuffer) {
        guard let first = datagram.getInteger(at: datagram.readerIndex, as: UInt8.self) else {
            self = .unknown
            return
        }
        switch first {
        case 0...3: self = .stun
        case 20...63: self = .dtls
        case 128...191:
            guard datagram.readableBytes >= 2 else {
                self = .unknown
                return
            }
            self = RTPMultiplexing.isRTCP(datagram) ? .rtcp : .rtp
        default: self = .unknown
        }
    }
}
