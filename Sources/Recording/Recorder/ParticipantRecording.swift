import NIOCore
import RTP
import Rooms

/// One participant of a room recording: its tracks' pipelines and the file
/// their frames go to. One file holds the participant's first audio and
/// first video track (WebM; Ogg/Opus when it publishes audio only, per the
/// configured formats); when that set changes a new file starts. A file
/// with video starts at a video keyframe (the audio from the same moment
/// on joins it), so every file decodes from its first frame. A file that
/// fails (disk full) ends; the next one is tried on the next tracks
/// change, or after a retry delay (doubling while files keep failing).
/// Confined to the writer thread.
final class ParticipantRecording {
    let info: ParticipantSnapshot
    let formats: RecordingFormats
    let counters: RecordingCounters
    private(set) var pipelines: [String: TrackPipeline] = [:]
    private(set) var audioTrack: String?
    private(set) var videoTrack: String?
    private(set) var file: ParticipantFile?
    /// Manifest entries of this participant's files, the open one last.
    private(set) var files: [RecordingManifest.File] = []
    /// The sender's wall clock, from its first sender report (lip sync).
    private var senderClock: SenderClock?
    /// Audio waiting for the first video keyframe of a new file.
    private var pendingAudio: [TimedFrame] = []
    private var segment = 0
    /// Write failures the recorder has not reported yet.
    private var unreported: [RecordingFileError] = []
    /// No file is opened before this room-clock ms (after a failure).
    private var retryAt: Int64?
    private var retryDelay = ParticipantRecording.firstRetryDelay

    /// How long after a failure the next file is tried, at first (ms).
    static let firstRetryDelay: Int64 = 5_000
    /// The longest wait between tries while files keep failing (ms).
    static let maxRetryDelay: Int64 = 300_000

    /// How long audio waits for a video keyframe before the file starts without one.
    static let keyframeWait: Int64 = 4_000

    init(info: ParticipantSnapshot, formats: RecordingFormats, counters: RecordingCounters) {
        self.info = info
        self.formats = formats
        self.counters = counters
    }

    /// The write failures since the last call (for the manifest and events).
    func takeFailures() -> [RecordingFileError] {
        defer { unreported = [] }
        return unreported
    }

    /// The participant now publishes `tracks`. A change of the recorded
    /// pair (or their codecs) ends the current file.
    func setTracks(_ tracks: [SinkTrack], origin: NIODeadline, now: NIODeadline, directory: String) {
        let audio = tracks.first { $0.kind == .audio && CodecFamily(recording: $0.codec) != nil }
        let video = tracks.first { $0.kind == .video && CodecFamily(recording: $0.codec) != nil }
        let pairChanged = audio?.id != audioTrack || video?.id != videoTrack
            || [audio, video].contains { track in track.map { pipelines[$0.id]?.track.codec != $0.codec } ?? false }
        if pairChanged && !pipelines.isEmpty {
            // What the old pair still holds goes to the old file first.
            for track in Array(pipelines.keys) { drain(track: track, now: now, flushing: true, directory: directory) }
        }
        var next: [String: TrackPipeline] = [:]
        for track in [audio, video].compactMap({ $0 }) {
            if let existing = pipelines[track.id], existing.track.codec == track.codec {
                next[track.id] = existing
            } else {
                next[track.id] = TrackPipeline(track: track, origin: origin, counters: counters)
            }
        }
        pipelines = next
        audioTrack = audio?.id
        videoTrack = video?.id
        if pairChanged {
            closeFile()
            retryAt = nil  // a new file: worth trying at once
        }
    }

    /// A packet of one of the participant's tracks.
    func receive(_ packet: ByteBuffer, track: String, arrival: NIODeadline, directory: String) {
        guard pipelines[track] != nil else { return }
        pipelines[track]!.insert(packet, arrival: arrival)
        drain(track: track, now: arrival, flushing: false, directory: directory)
    }

    /// A sender report: the first one sets the participant's wall clock.
    func applySenderReport(track: String, ntpTimestamp: UInt64, rtpTimestamp: UInt32, arrival: NIODeadline, origin: NIODeadline) {
        guard pipelines[track] != nil else { return }
        let clock = senderClock ?? SenderClock(ntpTimestamp: ntpTimestamp, arrival: arrival, origin: origin)
        senderClock = clock
        pipelines[track]!.applySenderReport(ntpTimestamp: ntpTimestamp, rtpTimestamp: rtpTimestamp, clock: clock)
    }

    /// Releases frames whose wait in the reorder buffers is over.
    func poll(now: NIODeadline, directory: String) {
        for track in Array(pipelines.keys) { drain(track: track, now: now, flushing: false, directory: directory) }
    }

    /// Tracks that dropped frames since the last call: a keyframe is wanted.
    func takeKeyframeWishes() -> [String] {
        var wishes: [String] = []
        for (id, pipeline) in pipelines where pipeline.wantsKeyframe {
            pipelines[id]!.wantsKeyframe = false
            wishes.append(id)
        }
        return wishes
    }

    /// Sends buffered bytes to the file.
    func flush() {
        guard let file else { return }
        do throws(RecordingFileError) {
            try file.flush()
        } catch {
            fail(error, at: file.lastMilliseconds)
        }
    }

    /// Drains the pipelines and ends the open file (the participant left,
    /// or the recording stops).
    func finish(now: NIODeadline, directory: String) {
        for track in Array(pipelines.keys) { drain(track: track, now: now, flushing: true, directory: directory) }
        closeFile()
    }

    private func drain(track: String, now: NIODeadline, flushing: Bool, directory: String) {
        guard let frames = pipelines[track]?.release(now: now, flushing: flushing), !frames.isEmpty else { return }
        let isVideo = track == videoTrack
        for frame in frames { take(frame, isVideo: isVideo, directory: directory) }
    }

    private func take(_ frame: TimedFrame, isVideo: Bool, directory: String) {
        if let file {
            file.append(frame, isVideo: isVideo)
            return
        }
        if let retryAt {
            guard frame.milliseconds >= retryAt else { return }
            self.retryAt = nil
        }
        if videoTrack == nil {
            open(origin: frame.milliseconds, directory: directory)
            file?.append(frame, isVideo: false)
        } else if isVideo {
            guard frame.isKeyframe else { return }
            open(origin: frame.milliseconds, directory: directory)
            // The keyframe first: the track header takes its dimensions from it.
            file?.append(frame, isVideo: true)
            for audio in pendingAudio { file?.append(audio, isVideo: false) }
            pendingAudio = []
        } else {
            pendingAudio.append(frame)
            // Keep ~2 s; without any keyframe for a while, start with audio
            // (the video joins at its first keyframe: the writer skips the rest).
            pendingAudio.removeAll { $0.milliseconds < frame.milliseconds - 2_000 }
            if let first = pendingAudio.first, canStartWithoutKeyframe,
                frame.milliseconds - first.milliseconds >= 1_900, waitedSince(frame.milliseconds)
            {
                open(origin: first.milliseconds, directory: directory)
                for audio in pendingAudio { file?.append(audio, isVideo: false) }
                pendingAudio = []
            }
        }
    }

    private var firstPendingAt: Int64?
    private func waitedSince(_ now: Int64) -> Bool {
        let since = firstPendingAt ?? now
        firstPendingAt = since
        return now - since >= Self.keyframeWait
    }

    /// H.264 needs its parameter sets for the track header, so it always waits.
    private var canStartWithoutKeyframe: Bool {
        videoTrack.flatMap { pipelines[$0]?.codec }?.needsParameterSetsForHeader != true
    }

    private func open(origin: Int64, directory: String) {
        let audio = audioTrack.flatMap { pipelines[$0] }
        let video = videoTrack.flatMap { pipelines[$0] }
        var configuration = WebMConfiguration()
        if audio != nil { configuration.audio = OpusHeaders(channels: 2, preSkip: 0) }
        if let video, video.codec.isVideo {
            guard let codec = video.codec.webMVideoCodec(parameterSets: video.h264ParameterSets) else { return }
            configuration.video = .init(codec: codec)
        }
        let useOgg = video == nil && formats.audioOnly == .ogg
        let format = useOgg ? "ogg" : configuration.docType
        let suffix = useOgg ? "ogg" : (format == "matroska" ? "mkv" : "webm")
        segment += 1
        let base = RecordingDirectory.safeName(info.name) + "-" + RecordingDirectory.safeName(info.id)
        let name = base + (segment > 1 ? "-\(segment)" : "") + "." + suffix
        let container: ParticipantFile.Container =
            useOgg ? .ogg(OggOpusWriter(headers: OpusHeaders(channels: 2, preSkip: 0), origin: 0))
            : .webm(WebMWriter(configuration: configuration))
        let tracks = [audio, video].compactMap { $0 }.map {
            RecordingManifest.Track(id: $0.track.id, kind: $0.codec.isVideo ? "video" : "audio", codec: $0.codec.rawValue, mid: $0.track.mid)
        }
        files.append(RecordingManifest.File(path: name, format: format, startMs: origin, tracks: tracks))
        do throws(RecordingFileError) {
            file = try ParticipantFile(directory: directory, name: name, container: container, originMilliseconds: origin)
        } catch {
            fail(error, at: origin)
        }
        firstPendingAt = nil
    }

    private func closeFile() {
        pendingAudio = []
        firstPendingAt = nil
        guard let file else { return }
        self.file = nil
        do throws(RecordingFileError) {
            let duration = try file.finish()
            if !files.isEmpty {
                files[files.count - 1].durationMs = duration
                files[files.count - 1].endMs = file.lastMilliseconds
            }
            counters.addFileFinalized()
            retryDelay = Self.firstRetryDelay
        } catch {
            fail(error, at: file.lastMilliseconds)
        }
    }

    /// Ends the open file after a write failure at room-clock `milliseconds`;
    /// the next file waits for a tracks change or the retry delay.
    private func fail(_ error: RecordingFileError, at milliseconds: Int64) {
        counters.addWriteFailure()
        unreported.append(error)
        retryAt = milliseconds + retryDelay
        retryDelay = min(retryDelay * 2, Self.maxRetryDelay)
        if !files.isEmpty, files[files.count - 1].error == nil { files[files.count - 1].error = error.description }
        if let file {
            self.file = nil
            if !files.isEmpty { files[files.count - 1].endMs = file.lastMilliseconds }
            _ = try? file.finish()
        }
    }
}
