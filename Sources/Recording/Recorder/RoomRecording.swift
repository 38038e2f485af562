#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NIOCore
import Rooms
import Synchronization

/// One recording of one room, on the writer thread: takes what the room's
/// `RoomRecorder` queued, rebuilds frames per track, writes one file per
/// participant and keeps `manifest.json` current.
///
/// Layout: `<base>/<room>/<start, UTC, e.g. 20250101T120000.250Z>/`
/// holding `manifest.json` and `<name>-<participant id>.webm` (`.mkv` with
/// H.264, `.ogg` for audio only; `-2`, `-3`, ... when a participant's
/// tracks change). Files are flushed every `flushInterval`; on stop each
/// gets its cues and duration, and is synced to disk; so is every
/// version of the manifest. A final manifest that cannot be written is
/// marked `failed` in place, as a last resort.
///
/// Created by the control side, then owned by `RecordingWriter`'s thread:
/// `prepare()` may run on the caller (off the event loops and the
/// concurrency pool: it blocks on the disk), every other method runs on
/// the writer thread.
public final class RoomRecording: @unchecked Sendable {
    public let room: String
    /// The id and directory, readable from any thread (`prepare` may set
    /// them on the writer thread while the control side reads them).
    private let names: Mutex<(id: String, directory: String)>
    /// The directory name (start time); unique within the room's directory.
    public var id: String { names.withLock { $0.id } }
    /// `<base>/<room>/<id>`; empty until prepared.
    public var directory: String { names.withLock { $0.directory } }
    public let baseDirectory: String
    /// Room-clock zero.
    public let origin: NIODeadline
    let inbox: RecorderInbox
    let formats: RecordingFormats
    let onEvent: @Sendable (RecordingEvent) -> Void
    let requestKeyframe: @Sendable (String) -> Void
    /// What this recording dropped, failed and finished (shared by the
    /// server's recordings).
    public let counters: RecordingCounters

    /// Written to the kernel at least this often (the crash-safety bound).
    static let flushInterval = TimeAmount.milliseconds(500)
    /// Keyframe requests per track are at least this far apart.
    static let keyframeRequestInterval = TimeAmount.milliseconds(500)
    /// Gaps after the first are reported at most this often: a flood that
    /// keeps the queue full makes one entry per interval, not per round.
    static let gapReportInterval = TimeAmount.milliseconds(500)
    /// Entries of the manifest's `gaps` and `errors` lists at most; past
    /// it, drops add up in the last gap and errors are only counted.
    static let maxManifestEntries = 1_000

    let finishedFlag = Atomic<Bool>(false)
    /// Whether every file is finished and the manifest final (any thread).
    public var isFinished: Bool { finishedFlag.load(ordering: .acquiring) }

    var manifest: RecordingManifest
    var entries: [(recording: ParticipantRecording, joined: Int64, left: Int64?)] = []
    private var active: [String: ParticipantRecording] = [:]
    private var trackOwners: [String: ParticipantRecording] = [:]
    private var prepared = false
    var finished = false
    var failureReported = false
    private var lastFlush: NIODeadline
    var droppedSeen = 0
    private var lastGapReport: NIODeadline?
    private var lastKeyframeRequest: [String: NIODeadline] = [:]

    public init(
        room: String, baseDirectory: String, formats: RecordingFormats, now: NIODeadline = .now(), startedAt: Date = Date(),
        queueCapacity: Int = 8_192, counters: RecordingCounters = RecordingCounters(), continuation: Bool = false,
        onEvent: @escaping @Sendable (RecordingEvent) -> Void, requestKeyframe: @escaping @Sendable (String) -> Void
    ) {
        self.room = room
        self.baseDirectory = baseDirectory
        self.formats = formats
        self.origin = now
        self.lastFlush = now
        self.inbox = RecorderInbox(capacity: queueCapacity)
        self.onEvent = onEvent
        self.requestKeyframe = requestKeyframe
        self.counters = counters
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        let id = formatter.string(from: startedAt)
        names = Mutex((id, ""))
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        manifest = RecordingManifest(room: room, id: id, started: iso.string(from: startedAt))
        if continuation { manifest.continuation = true }
    }

    /// Creates the directory and the first manifest (idempotent). Throws
    /// when the directory cannot be written (EACCES, ENOSPC, ...).
    public func prepare() throws(RecordingError) {
        guard !prepared else { return }
        do throws(RecordingError) {
            try createDirectory()
        } catch {
            counters.addWriteFailure()
            throw error
        }
        prepared = true
        onEvent(.started(room: room, id: id, directory: directory))
    }

    private func createDirectory() throws(RecordingError) {
        let roomDirectory = baseDirectory + "/" + RecordingDirectory.safeName(room)
        try RecordingDirectory.create(roomDirectory)
        let base = id
        var candidateID = base
        var attempt = 1
        while mkdir(roomDirectory + "/" + candidateID, 0o755) != 0 {
            let code = errno
            guard code == EEXIST, attempt < 100 else {
                throw .cannotCreateDirectory(path: roomDirectory + "/" + candidateID, errno: code)
            }
            attempt += 1
            candidateID = base + "-\(attempt)"
        }
        do throws(RecordingFileError) {
            try RecordingDirectory.sync(directory: roomDirectory)
        } catch {
            throw .file(error)
        }
        names.withLock { $0 = (candidateID, roomDirectory + "/" + candidateID) }
        manifest.id = candidateID
        try writeManifest()
    }

    /// The manifest's path (once prepared).
    public var manifestPath: String { directory + "/manifest.json" }

    /// Runs on the writer thread: handles the queued input, releases frames
    /// due, flushes when due. `stopping`: finish now. Returns true once the
    /// recording is finished (then it is never called again).
    func service(now: NIODeadline, stopping: Bool) -> Bool {
        if finished { return true }
        if !prepared {
            do throws(RecordingError) {
                try prepare()
            } catch {
                finished = true
                finishedFlag.store(true, ordering: .releasing)
                onEvent(.failed(room: room, id: id, message: error.description))
                return true
            }
        }
        let closed = inbox.isClosed.load(ordering: .acquiring)
        var changed = false
        while let input = inbox.pop() { changed = handle(input) || changed }
        for participant in active.values {
            participant.poll(now: now, directory: directory)
            for track in participant.takeKeyframeWishes() { askForKeyframe(track, now: now) }
        }
        let dropped = inbox.dropped.load(ordering: .relaxed)
        if dropped > droppedSeen, lastGapReport.map({ now - $0 >= Self.gapReportInterval }) ?? true {
            lastGapReport = now
            noteGap(at: milliseconds(now), droppedPackets: dropped - droppedSeen)
            droppedSeen = dropped
            changed = true
        }
        if now - lastFlush >= Self.flushInterval || closed || stopping {
            lastFlush = now
            for participant in active.values { participant.flush() }
            changed = reportFailures() || changed
        }
        if closed || stopping {
            finish(now: now)
            return true
        }
        if changed { rewriteManifest() }
        return false
    }

    private func handle(_ input: RecorderInput) -> Bool {
        switch input {
        case .rtp(let track, let packet, let arrival):
            trackOwners[track]?.receive(packet, track: track, arrival: arrival, directory: directory)
            return false
        case .senderReport(let track, let ntp, let rtp, let arrival):
            trackOwners[track]?.applySenderReport(
                track: track, ntpTimestamp: ntp, rtpTimestamp: rtp, arrival: arrival, origin: origin)
            return false
        case .joined(let info, let time):
            guard active[info.id] == nil else { return false }
            let participant = ParticipantRecording(info: info, formats: formats, counters: counters)
            active[info.id] = participant
            entries.append((participant, milliseconds(time), nil))
        case .left(let info, let time):
            guard let participant = active.removeValue(forKey: info.id) else { return false }
            participant.finish(now: time, directory: directory)
            for (track, owner) in trackOwners where owner === participant { trackOwners[track] = nil }
            if let index = entries.firstIndex(where: { $0.recording === participant }) {
                entries[index].left = milliseconds(time)
            }
            _ = reportFailures()
        case .tracks(let info, let tracks, let time):
            guard let participant = active[info.id] else { return false }
            participant.setTracks(tracks, origin: origin, now: time, directory: directory)
            for (track, owner) in trackOwners where owner === participant { trackOwners[track] = nil }
            for track in participant.pipelines.keys {
                trackOwners[track] = participant
                if participant.pipelines[track]?.codec.isVideo == true { requestKeyframe(track) }
            }
        }
        return true
    }

    private func askForKeyframe(_ track: String, now: NIODeadline) {
        if let last = lastKeyframeRequest[track], now - last < Self.keyframeRequestInterval { return }
        lastKeyframeRequest[track] = now
        requestKeyframe(track)
    }

    func milliseconds(_ time: NIODeadline) -> Int64 {
        (time - origin).nanoseconds / 1_000_000
    }
}
