#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall clock in the 64-bit NTP format of RTCP sender reports (RFC
/// 3550 §4: seconds since 1900 in the high 32 bits, fraction in the low).
enum NTPClock {
    /// Seconds from 1900-01-01 to the Unix epoch.
    static let unixEpochOffset: UInt64 = 2_208_988_800

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return ntp(unixSeconds: UInt64(time.tv_sec), nanoseconds: UInt64(time.tv_nsec))
    }

    static func ntp(unixSeconds: UInt64, nanoseconds: UInt64) -> UInt64 {
        let fraction = (nanoseconds << 32) / 1_000_000_000
        return (unixSeconds + unixEpochOffset) << 32 | fraction
    }
}
