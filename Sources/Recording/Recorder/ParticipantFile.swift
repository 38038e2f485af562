import NIOCore

/// One file of a participant's recording: a container writer and the file
/// it goes to. Frames arrive on the room clock and are written relative to
/// the file's origin; bytes are buffered and handed to the kernel by
/// `flush` (the recorder flushes every 500 ms, so a crash loses less than
/// that). Confined to the writer thread.
final class ParticipantFile {
    enum Container {
        case webm(WebMWriter)
        case ogg(OggOpusWriter)
    }

    /// File name inside the recording's directory.
    let name: String
    /// The recording's directory.
    let directory: String
    /// Room-clock millisecond of the file's time zero.
    let originMilliseconds: Int64
    private var container: Container
    private let file: RecordingFile
    private var pending = ByteBuffer()
    private var lastAudio: Int64 = -1
    private var lastVideo: Int64 = -1
    /// Room-clock millisecond of the last frame written.
    private(set) var lastMilliseconds: Int64
    private(set) var framesWritten = 0

    init(directory: String, name: String, container: Container, originMilliseconds: Int64) throws(RecordingFileError) {
        self.name = name
        self.directory = directory
        self.container = container
        self.originMilliseconds = originMilliseconds
        self.lastMilliseconds = originMilliseconds
        file = try RecordingFile(path: directory + "/" + name)
    }

    /// Writes one frame (into the buffer; `flush` sends it to the file).
    /// Frames before the origin are dropped; a track's timestamps are kept
    /// increasing (a sender-report re-anchoring may step back a little).
    func append(_ frame: TimedFrame, isVideo: Bool) {
        var time = frame.milliseconds - originMilliseconds
        guard time >= 0, frame.data.readableBytes > 0 else { return }
        if isVideo {
            time = max(time, lastVideo + 1)
        } else {
            time = max(time, lastAudio + 1)
        }
        let written: Bool
        switch container {
        case .webm(var writer):
            container = .ogg(OggOpusWriter())  // releases the writer's storage while it is mutated
            written =
                (try? writer.append(
                    frame.data.readableBytesView, track: isVideo ? .video : .audio, timestamp: time,
                    isKeyframe: frame.isKeyframe, into: &pending)) ?? false
            container = .webm(writer)
        case .ogg(var writer):
            guard !isVideo else { return }
            container = .webm(WebMWriter(configuration: WebMConfiguration()))
            do throws(OggOpusError) {
                try writer.append(frame.data.readableBytesView, timestamp: time, into: &pending)
                written = true
            } catch {
                written = false
            }
            container = .ogg(writer)
        }
        guard written else { return }
        if isVideo { lastVideo = time } else { lastAudio = time }
        lastMilliseconds = max(lastMilliseconds, originMilliseconds + time)
        framesWritten += 1
    }

    /// Hands everything written so far to the kernel (write(2)): it
    /// survives the process being killed. Ogg closes its open page first.
    func flush() throws(RecordingFileError) {
        if case .ogg(var writer) = container {
            writer.flush(into: &pending)
            container = .ogg(writer)
        }
        guard pending.readableBytes > 0 else { return }
        let bytes = pending
        pending.clear()
        try file.append(bytes)
    }

    /// Ends the file: the container's closing bytes (WebM Cues, Ogg end of
    /// stream), then the patches (WebM sizes and Duration), then fsync and
    /// close, then fsync of the directory (so the file's entry is on disk
    /// too). Returns the duration written, in ms.
    func finish() throws(RecordingFileError) -> Int64 {
        var patches: [ContainerPatch] = []
        var duration = lastMilliseconds - originMilliseconds
        switch container {
        case .webm(var writer):
            patches = (try? writer.finalize(into: &pending)) ?? []
            duration = writer.duration
            container = .webm(writer)
        case .ogg(var writer):
            try? writer.finalize(into: &pending)
            duration = writer.samplesWritten / 48
            container = .ogg(writer)
        }
        defer { try? file.close() }
        if pending.readableBytes > 0 {
            let bytes = pending
            pending.clear()
            try file.append(bytes)
        }
        try file.apply(patches)
        try file.flush(sync: true)
        try file.close()
        try RecordingDirectory.sync(directory: directory)
        return duration
    }
}
