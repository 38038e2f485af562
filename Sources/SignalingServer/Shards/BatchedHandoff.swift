import NIOConcurrencyHelpers
import NIOCore

/// Collects the packets one loop hands to another while it handles a
/// burst of input, and hands them over once, when the burst is done (a
/// task on its own loop runs after the reads it is queued behind) or when
/// the batch is full. A receiving loop that falls behind does not queue
/// without bound: past `budget` bytes in flight a batch is dropped and
/// counted (as a lossy link would; NACK and PLI repair it). Confined to
/// its own loop.
final class BatchedHandoff {
    private let loop: any EventLoop
    private let target: any EventLoop
    /// Takes a batch on `target`.
    private var receiver: (@Sendable (PacketBatch) -> Void)?
    private var pending: PacketBatch?
    private let maxBatchBytes: Int
    private let budget: PipeBudget

    init(
        from loop: any EventLoop, to target: any EventLoop, budget: PipeBudget, maxBatchBytes: Int = 60 * 1024,
        receiver: @escaping @Sendable (PacketBatch) -> Void
    ) {
        self.loop = loop
        self.target = target
        self.budget = budget
        self.maxBatchBytes = maxBatchBytes
        self.receiver = receiver
    }

    func append(_ kind: PacketBatch.Kind, _ packet: ByteBuffer) {
        guard receiver != nil else { return }
        if pending == nil {
            pending = PacketBatch(allocator: ByteBufferAllocator())
            loop.assumeIsolated().execute { [self] in flush() }
        }
        pending!.append(kind, packet)
        if pending!.byteCount >= maxBatchBytes { flush() }
    }

    /// Hands over what is pending now (also before a control message, so
    /// the other side sees packets and control in the order they came).
    func flush() {
        guard let batch = pending, batch.count > 0, let receiver else {
            pending = nil
            return
        }
        pending = nil
        let bytes = batch.byteCount
        guard budget.take(bytes, packets: batch.count) else { return }
        let budget = self.budget
        target.execute {
            receiver(batch)
            budget.give(bytes)
        }
    }

    /// Drops what is pending and hands nothing more (breaks the cycle
    /// between a pipe's two ends).
    func close() {
        pending = nil
        receiver = nil
    }
}

/// Bytes one direction of a pipe has handed over and the other loop has
/// not taken yet, bounded by `limit`; what was handed and what did not
/// fit goes to the server's totals. One lock per batch.
final class PipeBudget: Sendable {
    let limit: Int
    private let inFlight = NIOLockedValueBox(0)
    private let totals: PipeTotals

    init(limit: Int, totals: PipeTotals) {
        self.limit = limit
        self.totals = totals
    }

    func take(_ bytes: Int, packets: Int) -> Bool {
        let fits = inFlight.withLockedValue { inFlight in
            guard inFlight + bytes <= limit else { return false }
            inFlight += bytes
            return true
        }
        totals.count(packets: packets, handed: fits)
        return fits
    }

    func give(_ bytes: Int) {
        inFlight.withLockedValue { $0 -= bytes }
    }
}

/// Packets every pipe of the server handed over, and dropped for a
/// receiving loop that fell behind (for /metrics).
final class PipeTotals: Sendable {
    private let counts = NIOLockedValueBox((handed: UInt64(0), dropped: UInt64(0)))

    func count(packets: Int, handed: Bool) {
        counts.withLockedValue { counts in
            if handed { counts.handed &+= UInt64(packets) } else { counts.dropped &+= UInt64(packets) }
        }
    }

    var snapshot: (handed: UInt64, dropped: UInt64) { counts.withLockedValue { $0 } }
}
