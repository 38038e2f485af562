import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import TestSupport

/// A `MediaClock` that stands still until a test advances it: the time is
/// TestSupport's `ManualClock`, and the peers' timers wait in a list until
/// the time passes their deadlines. Nothing fires in real time.
final class ManualMediaClock: MediaClock {
    private struct Timer {
        let id: Int
        let deadline: NIODeadline
        let eventLoop: any EventLoop
        /// Created and run on `eventLoop` only.
        let task: NIOLoopBound<() -> Void>
        let promise: EventLoopPromise<Void>
    }

    private struct State {
        var clock: ManualClock
        var timers: [Timer] = []
        var nextID = 0
    }

    private let state: NIOLockedValueBox<State>

    /// Starts at `start`: the real uptime by default, so the deadlines of
    /// peers on other (real) clocks compare sensibly.
    init(start: NIODeadline = .now()) {
        state = NIOLockedValueBox(State(clock: ManualClock(start: start.uptimeNanoseconds)))
    }

    var now: NIODeadline { state.withLockedValue { $0.clock.now } }

    /// Timers set and neither fired nor cancelled.
    var pendingTimers: Int { state.withLockedValue { $0.timers.count } }

    func scheduleTask(
        deadline: NIODeadline, on eventLoop: any EventLoop, _ task: @escaping () -> Void
    ) -> Scheduled<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        let bound = NIOLoopBound(task, eventLoop: eventLoop)
        let id = state.withLockedValue { state in
            state.nextID += 1
            state.timers.append(
                Timer(id: state.nextID, deadline: deadline, eventLoop: eventLoop, task: bound, promise: promise))
            return state.nextID
        }
        return Scheduled(promise: promise) { [state] in
            let removed = state.withLockedValue { state -> Bool in
                guard let index = state.timers.firstIndex(where: { $0.id == id }) else { return false }
                state.timers.remove(at: index)
                return true
            }
            if removed { promise.fail(EventLoopError.cancelled) }
        }
    }

    /// Moves the time on by `amount`, then runs every timer now due (and
    /// any due timer those set), earliest first, each on its loop.
    func advance(by amount: TimeAmount) async throws {
        state.withLockedValue { $0.clock.advance(amount) }
        while let timer = takeEarliestDue() {
            try await timer.eventLoop.submit {
                timer.task.value()
                timer.promise.succeed()
            }.get()
        }
    }

    private func takeEarliestDue() -> Timer? {
        state.withLockedValue { state in
            let due = state.timers.indices.filter { state.timers[$0].deadline <= state.clock.now }
            guard let first = due.min(by: { state.timers[$0].deadline < state.timers[$1].deadline }) else {
                return nil
            }
            return state.timers.remove(at: first)
        }
    }
}
