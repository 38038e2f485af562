import NIOCore

/// Collects the packets one loop hands to another while it handles a
/// burst of input, and hands them over once, when the burst is done (a
/// task on its own loop runs after the reads it is queued behind) or when
/// the batch is full. Confined to its own loop.
final class BatchedHandoff {
    private let loop: any EventLoop
    /// Takes a full batch on `loop`; it hops to the other loop itself.
    private var receiver: ((PacketBatch) -> Void)?
    private var pending: PacketBatch?
    private let maxBytes: Int
    /// Batches and packets handed over, for the pipe's stats.
    private(set) var batches: UInt64 = 0
    private(set) var packets: UInt64 = 0

    init(loop: any EventLoop, maxBytes: Int = 60 * 1024, receiver: @escaping (PacketBatch) -> Void) {
        self.loop = loop
        self.maxBytes = maxBytes
        self.receiver = receiver
    }

    func append(_ kind: PacketBatch.Kind, _ packet: ByteBuffer) {
        guard receiver != nil else { return }
        if pending == nil {
            pending = PacketBatch(allocator: ByteBufferAllocator())
            loop.assumeIsolated().execute { [self] in flush() }
        }
        pending!.append(kind, packet)
        if pending!.byteCount >= maxBytes { flush() }
    }

    /// Hands over what is pending now (also before a control message, so
    /// the other side sees packets and control in the order they came).
    func flush() {
        guard let batch = pending, batch.count > 0 else {
            pending = nil
            return
        }
        pending = nil
        batches &+= 1
        packets &+= UInt64(batch.count)
        receiver?(batch)
    }

    /// Drops what is pending and hands nothing more (breaks the cycle
    /// between a pipe's two ends).
    func close() {
        pending = nil
        receiver = nil
    }
}
