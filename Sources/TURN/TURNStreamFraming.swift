import NIOCore
import STUN

/// Splitting a TCP or TLS byte stream from a TURN client into messages
/// (RFC 8656 §12.5): STUN messages are 20 bytes plus their length field,
/// ChannelData frames 4 bytes plus their length padded to a multiple of 4.
public enum TURNStreamFraming {
    /// What the start of a stream buffer holds.
    public enum Frame: Sendable, Hashable {
        /// Not enough bytes yet to tell the frame's length.
        case needMoreBytes
        /// A complete or partial frame of `length` bytes.
        case frame(length: Int)
        /// Neither STUN nor ChannelData: the stream is out of step and should be closed.
        case invalid(firstByte: UInt8)
    }

    /// The length of the frame at the reader index of `buffer`.
    public static func nextFrame(in buffer: ByteBuffer) -> Frame {
        let start = buffer.readerIndex
        guard let first = buffer.getInteger(at: start, as: UInt8.self) else { return .needMoreBytes }
        // STUN starts 0-3, ChannelData 0x40-0x7F (see `validChannelNumbers`).
        guard first <= 0x03 || TURNChannelData.isChannelData(firstByte: first) else {
            return .invalid(firstByte: first)
        }
        guard let length = buffer.getInteger(at: start + 2, as: UInt16.self) else { return .needMoreBytes }
        if TURNChannelData.isChannelData(firstByte: first) {
            return .frame(length: TURNChannelData.headerSize + ((Int(length) + 3) & ~3))
        }
        return .frame(length: STUNMessage.headerSize + Int(length))
    }
}
