import NIOConcurrencyHelpers

/// Runs `operation`, failing with `ClusterError.timedOut` after `seconds`.
/// The operation is cancelled but not awaited: a pool waiting for a
/// database that went away must not hold the caller past the deadline.
func withDeadline<T: Sendable>(
    _ seconds: Double, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let resumed = NIOLockedValueBox(false)
    let work = NIOLockedValueBox<Task<Void, Never>?>(nil)
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let finish: @Sendable (Result<T, any Error>) -> Bool = { result in
            let first = resumed.withLockedValue { done in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(with: result) }
            return first
        }
        work.withLockedValue {
            $0 = Task {
                do {
                    _ = finish(.success(try await operation()))
                } catch {
                    _ = finish(.failure(error))
                }
            }
        }
        Task {
            try? await Task.sleep(for: .milliseconds(Int64(seconds * 1_000)))
            if finish(.failure(ClusterError.timedOut(seconds: seconds))) {
                work.withLockedValue { $0?.cancel() }
            }
        }
    }
}
