import Synchronization

/// A bounded single-producer, single-consumer queue from a room's event
/// loop (producer) to the recording writer thread (consumer). Lock-free:
/// the loop never waits for the disk. When media fills the ring, packets
/// are dropped and counted (the recording shows a gap); a reserve at the
/// end is kept for membership and track changes, which are never dropped
/// unless even the reserve is full.
final class RecorderInbox: @unchecked Sendable {
    /// Slots for any input.
    let capacity: Int
    /// Slots at the end only non-media input may take.
    static let controlReserve = 64

    private let slots: UnsafeMutablePointer<RecorderInput?>
    /// Next slot to read; written by the consumer only.
    private let head = Atomic<Int>(0)
    /// Next slot to write; written by the producer only.
    private let tail = Atomic<Int>(0)
    /// Inputs dropped because the ring was full, since the start.
    let dropped = Atomic<Int>(0)
    /// Set by the producer when no more input will come.
    let isClosed = Atomic<Bool>(false)

    init(capacity: Int) {
        self.capacity = max(capacity, Self.controlReserve * 2)
        slots = .allocate(capacity: self.capacity)
        slots.initialize(repeating: nil, count: self.capacity)
    }

    deinit {
        slots.deinitialize(count: capacity)
        slots.deallocate()
    }

    /// Producer side. Returns false (and counts a drop) when full.
    @discardableResult
    func push(_ input: RecorderInput) -> Bool {
        let writeIndex = tail.load(ordering: .relaxed)
        let used = writeIndex - head.load(ordering: .acquiring)
        let limit = input.isMedia ? capacity - Self.controlReserve : capacity
        guard used < limit else {
            dropped.add(1, ordering: .relaxed)
            return false
        }
        slots[writeIndex % capacity] = input
        tail.store(writeIndex + 1, ordering: .releasing)
        return true
    }

    /// Producer side: nothing more will be pushed.
    func close() {
        isClosed.store(true, ordering: .releasing)
    }

    /// Consumer side: the oldest input, if any.
    func pop() -> RecorderInput? {
        let readIndex = head.load(ordering: .relaxed)
        guard readIndex < tail.load(ordering: .acquiring) else { return nil }
        let input = slots[readIndex % capacity].take()
        head.store(readIndex + 1, ordering: .releasing)
        return input
    }
}
