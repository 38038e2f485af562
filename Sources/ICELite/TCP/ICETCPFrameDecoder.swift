import NIOCore

/// Cuts an ICE-TCP byte stream into the packets it carries (RFC 6544 §3,
/// RFC 4571 §2): each is a 16-bit big-endian length, then that many bytes
/// of STUN, DTLS or RTP/RTCP. A value type with no socket: the connection
/// handler appends what it reads and takes frames out until none is whole.
///
/// Policies (what a lying stream gets):
/// - A length above `maxFrameLength` is `frameTooLong`: the stream cannot
///   be trusted to be in step again, so the caller closes it.
/// - A length of zero carries no packet (none of STUN, DTLS or RTP is
///   empty): it is skipped and counted in `zeroLengthFrames`, and, since it
///   is not a frame, it is not progress either (see `hasPartialFrame`).
/// - A length past what arrived is held, never more than
///   `maxBufferedBytes`; how long it may stay incomplete is the caller's
///   timer (`hasPartialFrame`), so a byte a second cannot hold a connection.
public struct ICETCPFrameDecoder: Sendable {
    /// RFC 4571 §2: LENGTH is 16 bits, so no frame is longer.
    public static let largestFrameLength = 65_535
    /// The length field itself.
    public static let headerLength = 2

    /// Longest frame accepted (at most `largestFrameLength`).
    public let maxFrameLength: Int
    /// Zero-length frames skipped so far.
    public private(set) var zeroLengthFrames: UInt64 = 0
    private var pending = ByteBuffer()

    /// A decoder refusing frames longer than `maxFrameLength` (clamped to
    /// 1...65535).
    public init(maxFrameLength: Int = largestFrameLength) {
        self.maxFrameLength = min(max(maxFrameLength, 1), Self.largestFrameLength)
    }

    /// Most bytes ever held between reads: one longest frame and its header.
    public var maxBufferedBytes: Int { Self.headerLength + maxFrameLength }

    /// Bytes received and not yet handed out as frames.
    public var bufferedBytes: Int { pending.readableBytes }

    /// Whether part of a frame (or of its length) is waiting for more bytes.
    public var hasPartialFrame: Bool { pending.readableBytes > 0 }

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: inout ByteBuffer) {
        if pending.readableBytes == 0 {
            // The common case: nothing held, so take the read buffer whole.
            pending = bytes
            bytes.moveReaderIndex(to: bytes.writerIndex)
        } else {
            pending.writeBuffer(&bytes)
        }
    }

    /// The next whole frame, without its length; nil when none is whole yet
    /// (zero-length frames are skipped on the way). Throws when the stream
    /// announces a frame longer than `maxFrameLength`.
    public mutating func nextFrame() throws(ICETCPFramingError) -> ByteBuffer? {
        while let length = pending.getInteger(at: pending.readerIndex, as: UInt16.self) {
            let frameLength = Int(length)
            guard frameLength <= maxFrameLength else {
                throw .frameTooLong(length: frameLength, limit: maxFrameLength)
            }
            if frameLength == 0 {
                pending.moveReaderIndex(forwardBy: Self.headerLength)
                zeroLengthFrames &+= 1
                continue
            }
            guard pending.readableBytes >= Self.headerLength + frameLength else { break }
            pending.moveReaderIndex(forwardBy: Self.headerLength)
            return pending.readSlice(length: frameLength)
        }
        compact()
        return nil
    }

    /// Frees the bytes already handed out once only a partial frame is left,
    /// so the held buffer never grows past `maxBufferedBytes` plus one read.
    private mutating func compact() {
        if pending.readableBytes == 0 {
            pending.clear()
        } else if pending.readerIndex > 0 {
            pending.discardReadBytes()
        }
    }
}

/// Why an ICE-TCP stream was found out of step.
public enum ICETCPFramingError: Error, Sendable, Hashable {
    /// A frame's LENGTH is above the accepted limit.
    case frameTooLong(length: Int, limit: Int)
}
