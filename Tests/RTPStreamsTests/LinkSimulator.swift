import NIOCore
import TestSupport

/// A one-way path for tests: random loss, then a bottleneck of `capacity`
/// bit/s (nil: unlimited) with a FIFO queue that tail-drops beyond
/// `maxQueueDelay`, then a fixed `baseDelay`.
struct LinkSimulator {
    var capacity: Double?
    var baseDelay = TimeAmount.milliseconds(20)
    var maxQueueDelay = TimeAmount.milliseconds(200)
    var lossProbability: Double
    var random: SeededRandom
    private var linkFreeAt = NIODeadline.uptimeNanoseconds(0)
    private var inFlight: [(arrival: NIODeadline, sequenceNumber: UInt16)] = []
    private var head = 0
    private(set) var dropped = 0

    init(capacity: Double?, lossProbability: Double, seed: UInt64) {
        self.capacity = capacity
        self.lossProbability = lossProbability
        random = SeededRandom(seed: seed)
    }

    mutating func send(sequenceNumber: UInt16, size: Int, now: NIODeadline) {
        if Double(random.next() % 1_000_000) / 1_000_000 < lossProbability {
            dropped += 1
            return
        }
        var departure = now
        if let capacity {
            let start = max(now, linkFreeAt)
            if start - now > maxQueueDelay {
                dropped += 1
                return
            }
            linkFreeAt = start + .nanoseconds(Int64(Double(size * 8) / capacity * 1e9))
            departure = linkFreeAt
        }
        inFlight.append((departure + baseDelay, sequenceNumber))
    }

    /// Packets that have arrived by `now`, in arrival order.
    mutating func deliver(until now: NIODeadline, _ body: (UInt16, NIODeadline) -> Void) {
        while head < inFlight.count, inFlight[head].arrival <= now {
            body(inFlight[head].sequenceNumber, inFlight[head].arrival)
            head += 1
        }
        if head > 1024 {
            inFlight.removeFirst(head)
            head = 0
        }
    }
}
