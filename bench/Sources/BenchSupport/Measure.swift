/// Keeps the optimiser from deleting the work whose result is passed in.
@inline(never)
public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// One benchmark's result: nanoseconds per operation, the median of
/// several rounds, and the spread between the fastest and slowest round.
/// Not `Measurement`: benches importing Foundation would find two.
public struct BenchMeasurement: Sendable {
    public var name: String
    public var nanosecondsPerOperation: Double
    public var fastest: Double
    public var slowest: Double

    public init(name: String, nanosecondsPerOperation: Double, fastest: Double, slowest: Double) {
        self.name = name
        self.nanosecondsPerOperation = nanosecondsPerOperation
        self.fastest = fastest
        self.slowest = slowest
    }
}

/// Runs `body` `iterations` times per round after one warm-up round and
/// reports the median round. `body` gets the iteration number so the work
/// can vary (sequence numbers, timestamps) the way real traffic does.
/// Inlinable so `body` inlines into the timing loop as it did when this
/// file was part of each bench.
@inlinable
public func measure(_ name: String, iterations: Int, rounds: Int = 7, _ body: (Int) -> Void) -> BenchMeasurement {
    let clock = ContinuousClock()
    for index in 0..<iterations { body(index) }
    var perOperation: [Double] = []
    for _ in 0..<rounds {
        let elapsed = clock.measure {
            for index in 0..<iterations { body(index) }
        }
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        perOperation.append(nanoseconds / Double(iterations))
    }
    perOperation.sort()
    return BenchMeasurement(
        name: name, nanosecondsPerOperation: perOperation[perOperation.count / 2],
        fastest: perOperation.first!, slowest: perOperation.last!)
}
