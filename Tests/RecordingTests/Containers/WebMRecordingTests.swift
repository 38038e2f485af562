import Foundation
import NIOCore
import Recording
import TestSupport
import Testing

/// WebM files of real VP8 + Opus, written through `RecordingFile`, checked with ffprobe/ffmpeg.
@Suite struct WebMRecordingTests {
    static let media = EncodedMedia.threeSeconds

    /// Writes the media as the recorder would: frames in time order, the file appended in chunks.
    @discardableResult
    static func record(to path: String, finalize: Bool, shift: (Int64) -> Int64 = { $0 }) throws -> (WebMWriter, [ContainerPatch]) {
        var writer = WebMWriter(configuration: WebMConfiguration(video: .init(codec: .vp8), audio: OpusHeaders()))
        let file = try RecordingFile(path: path)
        var buffer = ByteBuffer()
        for (frame, isVideo) in media.interleaved {
            try writer.append(
                frame.data, track: isVideo ? .video : .audio, timestamp: shift(frame.timestamp),
                isKeyframe: frame.isKeyframe, into: &buffer)
            if buffer.readableBytes > 16_384 {
                try file.append(buffer)
                buffer.clear()
            }
        }
        var patches: [ContainerPatch] = []
        if finalize { patches = try writer.finalize(into: &buffer) }
        try file.append(buffer)
        try file.apply(patches)
        #expect(file.size == writer.bytesWritten)
        try file.close()
        return (writer, patches)
    }

    @Test func mediaFixtureIsWhatTheTestsAssume() throws {
        #expect(Self.media.video.count == 90)
        #expect(Self.media.video.filter(\.isKeyframe).map(\.timestamp) == [0, 1_000, 2_000])
        #expect(Self.media.audio.count == 150)
        let header = try #require(VP8KeyframeHeader(frame: Self.media.video[0].data))
        #expect(header.width == 320 && header.height == 240)
        #expect(VP8KeyframeHeader(frame: Self.media.video[1].data) == nil)  // an interframe
    }

    @Test func finalizedFileProbesAndDecodes() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/participant.webm"
        let (writer, patches) = try Self.record(to: path, finalize: true)

        let (streams, format) = try MediaTool.probe(path)
        #expect(streams.compactMap { $0["codec_name"] as? String }.sorted() == ["opus", "vp8"])
        let video = try #require(streams.first { $0["codec_name"] as? String == "vp8" })
        #expect(video["width"] as? Int == 320 && video["height"] as? Int == 240)
        #expect((format["format_name"] as? String)?.contains("webm") == true)
        let duration = try #require(MediaTool.duration(format))
        #expect(abs(duration - 3.0) < 0.15, "duration \(duration)")
        #expect(writer.duration >= 2_980 && writer.duration <= 3_040)

        let decoded = try MediaTool.decode(path)
        #expect(decoded.status == 0)
        #expect(decoded.errors.isEmpty, "ffmpeg: \(decoded.errors)")
        #expect(decoded.frames[0] == 90)
        #expect((decoded.frames[1] ?? 0) >= 145)

        // Segment size, three cluster sizes (one per keyframe), Duration, the Cues seek entry.
        #expect(patches.count == 6)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(bytes.prefix(4)) == [0x1A, 0x45, 0xDF, 0xA3])
        let cuesEntry = try #require(patches.last)
        let cuesPosition = cuesEntry.bytes.suffix(8).reduce(0) { $0 << 8 | Int($1) }
        let segmentData = Int(patches[0].offset) + 8
        #expect(Array(bytes[(segmentData + cuesPosition)..<(segmentData + cuesPosition + 4)]) == [0x1C, 0x53, 0xBB, 0x6B])
        #expect(patches[0].bytes.suffix(7).reduce(0) { $0 << 8 | Int($1) } == bytes.count - segmentData)
    }

    @Test func seekingUsesTheCues() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/seek.webm"
        try Self.record(to: path, finalize: true)
        let result = try MediaTool.run("ffmpeg", ["-nostdin", "-v", "error", "-ss", "2.0", "-i", path, "-f", "framemd5", "-"])
        #expect(result.status == 0 && result.errors.isEmpty, "ffmpeg: \(result.errors)")
        let videoFrames = String(decoding: result.output, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("0,") }
        #expect(videoFrames.count >= 28 && videoFrames.count <= 32)
    }

    @Test func liveFileWithoutFinalizeDecodes() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/live.webm"
        try Self.record(to: path, finalize: false)
        let (streams, _) = try MediaTool.probe(path)
        #expect(streams.count == 2)
        let decoded = try MediaTool.decode(path)
        #expect(decoded.status == 0 && decoded.errors.isEmpty, "ffmpeg: \(decoded.errors)")
        #expect(decoded.frames[0] == 90)
    }

    @Test func truncatedLiveFileDecodesUpToTheCut() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/crash.webm"
        try Self.record(to: path, finalize: false)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        var random = SeededRandom(seed: 0x5EB)
        let randomCut = 0.3 + Double(random.next() % 600) / 1_000  // 30% ... 90%
        for fraction in [0.6, randomCut] {
            let cutPath = directory + "/cut-\(Int(fraction * 1_000)).webm"
            let cut = Int(Double(bytes.count) * fraction)
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: cutPath))
            // Warnings about the truncated end are allowed; the exit status and frames are not.
            let decoded = try MediaTool.decode(cutPath)
            #expect(decoded.status == 0, "cut at \(fraction): \(decoded.errors)")
            let videoFrames = decoded.frames[0] ?? 0
            #expect(Double(videoFrames) >= (fraction - 0.15) * 90, "cut at \(fraction): \(videoFrames) of 90 frames")
            #expect(videoFrames < 90)
        }
    }

    @Test func gapStaysAGap() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/gap.webm"
        // Both tracks stop at 1.5 s and resume 1 s later: 4 s of timeline.
        try Self.record(to: path, finalize: true) { $0 < 1_500 ? $0 : $0 + 1_000 }
        let (_, format) = try MediaTool.probe(path)
        let duration = try #require(MediaTool.duration(format))
        #expect(abs(duration - 4.0) < 0.2, "duration \(duration)")
        let decoded = try MediaTool.decode(path)
        #expect(decoded.status == 0, "ffmpeg: \(decoded.errors)")
        #expect(decoded.frames[0] == 90)
    }
}
