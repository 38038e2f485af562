import NIOCore

/// The time peer transports read and the one timer each sets. Production
/// uses `SystemMediaClock` (NIO's monotonic clock and the worker's event
/// loop); a test injects a manual clock and fires due timers by advancing
/// it, so consent expiry, DTLS retransmission and the handshake deadline
/// run without waiting in real time.
public protocol MediaClock: Sendable {
    /// The current time (uptime, as `NIODeadline`s count it).
    var now: NIODeadline { get }
    /// Runs `task` on `eventLoop` once this clock reaches `deadline`.
    /// Called on `eventLoop`.
    func scheduleTask(
        deadline: NIODeadline, on eventLoop: any EventLoop, _ task: @escaping () -> Void
    ) -> Scheduled<Void>
}

/// The real clock: `NIODeadline.now()`, and the event loop's own timers.
public struct SystemMediaClock: MediaClock {
    public init() {}

    public var now: NIODeadline { .now() }

    public func scheduleTask(
        deadline: NIODeadline, on eventLoop: any EventLoop, _ task: @escaping () -> Void
    ) -> Scheduled<Void> {
        eventLoop.assumeIsolated().scheduleTask(deadline: deadline, task)
    }
}
