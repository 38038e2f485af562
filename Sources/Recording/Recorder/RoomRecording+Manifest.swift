import Foundation
import NIOCore

/// The manifest side of a room recording: failures and gaps noted in it,
/// its rewrites, and the final version. On the writer thread.
extension RoomRecording {
    /// Notes every participant's new write failures in the manifest; the
    /// first one of the recording is also reported as an event.
    func reportFailures() -> Bool {
        var noted = false
        for entry in entries {
            for failure in entry.recording.takeFailures() {
                noted = true
                if manifest.errors.count < Self.maxManifestEntries { manifest.errors.append(failure.description) }
                guard !failureReported else { continue }
                failureReported = true
                onEvent(.failed(room: room, id: id, message: failure.description))
            }
        }
        return noted
    }

    /// Media dropped at a full queue: a gap in the manifest, an event, and
    /// the drop counter.
    func noteGap(at milliseconds: Int64, droppedPackets: Int) {
        counters.addQueueDrops(droppedPackets)
        if manifest.gaps.count < Self.maxManifestEntries {
            manifest.gaps.append(.init(atMs: milliseconds, droppedPackets: droppedPackets))
        } else {
            manifest.gaps[manifest.gaps.count - 1].droppedPackets += droppedPackets
        }
        onEvent(.gap(room: room, id: id, droppedPackets: droppedPackets))
    }

    /// Ends every participant's file and writes the final manifest. When
    /// that fails, the manifest is marked `failed` in place (best effort),
    /// so it does not say `recording` forever.
    func finish(now: NIODeadline) {
        finished = true
        let end = milliseconds(now)
        for (index, entry) in entries.enumerated() where entry.left == nil {
            entry.recording.finish(now: now, directory: directory)
            entries[index].left = end
        }
        let dropped = inbox.dropped.load(ordering: .relaxed)
        if dropped > droppedSeen {
            noteGap(at: end, droppedPackets: dropped - droppedSeen)
            droppedSeen = dropped
        }
        _ = reportFailures()
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        manifest.ended = iso.string(from: Date())
        manifest.state = failureReported ? "failed" : "finished"
        if !rewriteManifest() {
            manifest.state = "failed"
            if let data = try? manifest.jsonData() {
                do throws(RecordingFileError) {
                    try RecordingDirectory.overwrite(manifestPath, with: Array(data))
                } catch {
                    counters.addWriteFailure()
                }
            }
        }
        finishedFlag.store(true, ordering: .releasing)
        onEvent(.stopped(room: room, id: id, directory: directory))
    }

    /// Writes the manifest; a failure is counted, and reported as an event
    /// when it is the recording's first. Returns whether it was written.
    @discardableResult
    func rewriteManifest() -> Bool {
        do throws(RecordingError) {
            try writeManifest()
            return true
        } catch {
            counters.addWriteFailure()
            if manifest.errors.count < Self.maxManifestEntries { manifest.errors.append(error.description) }
            if !failureReported {
                failureReported = true
                onEvent(.failed(room: room, id: id, message: error.description))
            }
            return false
        }
    }

    func writeManifest() throws(RecordingError) {
        manifest.participants = entries.map {
            RecordingManifest.Participant(
                id: $0.recording.info.id, name: $0.recording.info.name, joinedMs: $0.joined, leftMs: $0.left,
                files: $0.recording.files)
        }
        guard let data = try? manifest.jsonData() else { return }
        try RecordingDirectory.replace(directory + "/manifest.json", with: Array(data))
    }
}
