import NIOCore

/// Packets handed from one worker's loop to another's in one task: each
/// record is a kind byte, a 16-bit length and the bytes, all in one
/// buffer. One hop per batch, never one per packet (a hop costs a lock, a
/// wake-up and an allocation).
struct PacketBatch: Sendable {
    enum Kind: UInt8 {
        case rtp = 1
        case rtcp = 2
    }

    private(set) var buffer: ByteBuffer
    private(set) var count = 0

    init(allocator: ByteBufferAllocator, capacity: Int = 16 * 1024) {
        buffer = allocator.buffer(capacity: capacity)
    }

    /// Copies `packet` in (the sender's buffer is reused after the call).
    mutating func append(_ kind: Kind, _ packet: ByteBuffer) {
        let length = packet.readableBytes
        guard length > 0, length <= Int(UInt16.max) else { return }
        buffer.writeInteger(kind.rawValue)
        buffer.writeInteger(UInt16(length))
        buffer.writeImmutableBuffer(packet)
        count += 1
    }

    var byteCount: Int { buffer.readableBytes }

    /// Calls `body` with each record in order; the packets are slices of
    /// the batch's buffer (no copy).
    func forEach(_ body: (Kind, ByteBuffer) -> Void) {
        var reader = buffer
        while let raw = reader.readInteger(as: UInt8.self), let length = reader.readInteger(as: UInt16.self),
            let packet = reader.readSlice(length: Int(length))
        {
            guard let kind = Kind(rawValue: raw) else { return }
            body(kind, packet)
        }
    }
}
