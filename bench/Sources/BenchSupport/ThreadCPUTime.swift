#if canImport(Glibc)
import Glibc
#endif

/// The calling thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID):
/// on a shared machine, time the bench's thread actually ran, not the time
/// it waited for a core.
@inlinable
public func threadCPUNanoseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
}

/// Runs `body` `iterations` times per round after one warm-up round and
/// reports the median round in thread CPU nanoseconds per iteration.
@inlinable
public func measureCPUTime(_ name: String, iterations: Int, rounds: Int = 7, _ body: (Int) -> Void) -> BenchMeasurement {
    for index in 0..<iterations { body(index) }
    var perOperation: [Double] = []
    for _ in 0..<rounds {
        let start = threadCPUNanoseconds()
        for index in 0..<iterations { body(index) }
        perOperation.append((threadCPUNanoseconds() - start) / Double(iterations))
    }
    perOperation.sort()
    return BenchMeasurement(
        name: name, nanosecondsPerOperation: perOperation[perOperation.count / 2],
        fastest: perOperation.first!, slowest: perOperation.last!)
}
