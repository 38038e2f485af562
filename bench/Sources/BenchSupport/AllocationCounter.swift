#if canImport(Glibc)
import Glibc
#endif

/// Calls to the C allocator so far, when the counter of bench/malloc-count
/// is preloaded (`LD_PRELOAD`); nil otherwise, and benches then skip their
/// allocation figures.
public enum AllocationCounter {
    private typealias Read = @convention(c) () -> UInt64

    nonisolated(unsafe) private static let read: Read? = {
        // The process's global scope, where a preloaded library's symbols are.
        guard let scope = dlopen(nil, RTLD_NOW), let symbol = dlsym(scope, "malloc_count_read") else { return nil }
        return unsafeBitCast(symbol, to: Read.self)
    }()

    public static var count: UInt64? { read?() }
}
