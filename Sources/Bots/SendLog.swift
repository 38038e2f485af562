import Synchronization

/// When a publisher sent each payload (by `PayloadKey`), so subscribers
/// in the same process can measure end-to-end latency on one clock
/// (`NIODeadline` uptime). Written on the publisher's loop, read on the
/// subscribers' loops; the clip loops, so it never holds more keys than
/// one loop has packets.
public final class SendLog: Sendable {
    private let sendTimes = Mutex<[UInt64: Int64]>([:])

    public init() {}

    func record(_ key: UInt64, atUptimeNanoseconds time: Int64) {
        sendTimes.withLock { $0[key] = time }
    }

    func sendTime(of key: UInt64) -> Int64? {
        sendTimes.withLock { $0[key] }
    }
}

/// The send logs of every publishing bot of a run, by the participant id
/// the server gave it (what subscribe offers name as a track's publisher).
public final class SendLogRegistry: Sendable {
    private let logs = Mutex<[String: SendLog]>([:])

    public init() {}

    func register(_ log: SendLog, participant: String) {
        logs.withLock { $0[participant] = log }
    }

    func log(of participant: String) -> SendLog? {
        logs.withLock { $0[participant] }
    }
}
