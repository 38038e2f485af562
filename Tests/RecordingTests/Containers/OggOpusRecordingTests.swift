import Foundation
import NIOCore
import Recording
import Testing

/// Ogg/Opus files of real libopus packets, checked with ffprobe/ffmpeg.
@Suite struct OggOpusRecordingTests {
    static func record(to path: String, flushEvery: Int = 100, shift: (Int64) -> Int64 = { $0 }) throws -> OggOpusWriter {
        var writer = OggOpusWriter(headers: OpusHeaders(channels: 2, preSkip: 312))
        let file = try RecordingFile(path: path)
        var buffer = ByteBuffer()
        for (index, frame) in EncodedMedia.threeSeconds.audio.enumerated() {
            try writer.append(frame.data, timestamp: 5_000 + shift(frame.timestamp), into: &buffer)
            if index % flushEvery == flushEvery - 1 { writer.flush(into: &buffer) }  // the sink's 2 s timer
            try file.append(buffer)
            buffer.clear()
        }
        try writer.finalize(into: &buffer)
        try file.append(buffer)
        #expect(file.size == writer.bytesWritten)
        try file.close()
        return writer
    }

    @Test func oggOpusProbesAndDecodes() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/participant.ogg"
        let writer = try Self.record(to: path)
        #expect(writer.silencePacketsInserted == 0)

        let (streams, format) = try MediaTool.probe(path)
        #expect(streams.count == 1)
        #expect(streams.first?["codec_name"] as? String == "opus")
        #expect(streams.first?["channels"] as? Int == 2)
        #expect(streams.first?["sample_rate"] as? String == "48000")
        #expect(format["format_name"] as? String == "ogg")
        let duration = try #require(MediaTool.duration(format))
        #expect(abs(duration - 3.0) < 0.15, "duration \(duration)")
        let decoded = try MediaTool.decode(path)
        #expect(decoded.status == 0)
        #expect(decoded.errors.isEmpty, "ffmpeg: \(decoded.errors)")
        #expect((decoded.frames[0] ?? 0) >= 145)
    }

    @Test func gapIsFilledWithSilence() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/gap.ogg"
        let writer = try Self.record(to: path) { $0 < 1_500 ? $0 : $0 + 1_000 }
        #expect(writer.silencePacketsInserted == 50)
        let (_, format) = try MediaTool.probe(path)
        let duration = try #require(MediaTool.duration(format))
        #expect(abs(duration - 4.0) < 0.2, "duration \(duration)")
        let decoded = try MediaTool.decode(path)
        #expect(decoded.status == 0 && decoded.errors.isEmpty, "ffmpeg: \(decoded.errors)")
        #expect((decoded.frames[0] ?? 0) >= 195)
    }

    @Test func truncatedOggDecodesUpToTheCut() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/crash.ogg"
        _ = try Self.record(to: path)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let cutPath = directory + "/cut.ogg"
        try bytes.prefix(bytes.count * 6 / 10).write(to: URL(fileURLWithPath: cutPath))
        let decoded = try MediaTool.decode(cutPath)
        #expect(decoded.status == 0, "ffmpeg: \(decoded.errors)")
        #expect((decoded.frames[0] ?? 0) >= 50)  // every page before the cut: whole seconds of audio
    }
}
