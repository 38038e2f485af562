import NIOCore

/// The buffers a room's forwarder writes packets into, reused across
/// packets and subscriptions.
///
/// A forwarded packet's buffer stays referenced by the socket's pending
/// writes until its worker flushes the read batch, so a single buffer per
/// subscription was reallocated for every packet (two mallocs and two
/// frees, ~7% of a saturated server). The ring hands its buffers out in
/// turn: by the time it comes around to one, the batch that held it has
/// been flushed, its storage is ours alone and `clear()` keeps it. A buffer
/// still held means the ring is shorter than a batch's packets: it grows by
/// one, up to `limit`, past which a held buffer is handed out anyway (and
/// copied on write, as before).
struct SendBufferRing {
    private var buffers: [ByteBuffer] = []
    private var cursor = 0
    let limit: Int

    init(limit: Int = 2_048) {
        self.limit = max(1, limit)
    }

    /// Buffers the ring holds.
    var count: Int { buffers.count }

    /// A buffer to write the next packet into, and its slot for `giveBack`.
    mutating func take() -> (buffer: ByteBuffer, slot: Int) {
        if !buffers.isEmpty {
            let slot = cursor
            cursor = (cursor + 1) % buffers.count
            var buffer = ByteBuffer()
            swap(&buffer, &buffers[slot])
            if buffers.count >= limit || buffer.modifyIfUniquelyOwned({ _ in }) != nil {
                return (buffer, slot)
            }
            // Still in a pending write: leave it there and add a slot.
            swap(&buffer, &buffers[slot])
        }
        buffers.append(ByteBuffer())
        return (ByteBuffer(), buffers.count - 1)
    }

    /// Puts back the buffer of `slot` once its packet was handed on.
    mutating func giveBack(_ buffer: ByteBuffer, slot: Int) {
        buffers[slot] = buffer
    }
}
