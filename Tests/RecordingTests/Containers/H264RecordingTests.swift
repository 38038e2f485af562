import Foundation
import NIOCore
import Recording
import Testing

/// H.264 in Matroska: an Annex B stream from ffmpeg's libx264, split into
/// access units, converted to AVCC, muxed with an avcC built from its SPS/PPS.
@Suite struct H264RecordingTests {
    /// NAL units of an Annex B stream (payloads without start codes).
    static func nalUnits(_ stream: [UInt8]) -> [[UInt8]] {
        let avcc = AVCDecoderConfiguration.lengthPrefixed(annexB: stream)
        var units: [[UInt8]] = []
        var index = 0
        while index + 4 <= avcc.count {
            let length = avcc[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
            units.append(Array(avcc[(index + 4)..<(index + 4 + length)]))
            index += 4 + length
        }
        return units
    }

    @Test func h264MatroskaProbesAndDecodes() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/source.h264"
        let encoded = try MediaTool.run("ffmpeg", [
            "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "2",
            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline", "-g", "30",
            "-x264-params", "aud=1", "-f", "h264", source,
        ])
        try #require(encoded.status == 0, "ffmpeg could not make H.264: \(encoded.errors)")
        let stream = try #require(FileManager.default.contents(atPath: source))

        // Access units start at each access unit delimiter (type 9).
        var accessUnits: [[[UInt8]]] = []
        for unit in Self.nalUnits(Array(stream)) where !unit.isEmpty {
            if unit[0] & 0x1F == 9 || accessUnits.isEmpty { accessUnits.append([]) }
            accessUnits[accessUnits.count - 1].append(unit)
        }
        #expect(accessUnits.count == 60)
        let units = accessUnits.flatMap { $0 }
        let sps = try #require(units.first { $0[0] & 0x1F == 7 })
        let pps = try #require(units.first { $0[0] & 0x1F == 8 })
        let avcC = try AVCDecoderConfiguration(sps: [sps], pps: [pps]).bytes

        var writer = WebMWriter(configuration: WebMConfiguration(video: .init(codec: .h264(avcC: avcC), width: 320, height: 240)))
        let path = directory + "/participant.mkv"
        let file = try RecordingFile(path: path)
        var buffer = ByteBuffer()
        for (index, accessUnit) in accessUnits.enumerated() {
            let isKeyframe = accessUnit.contains { $0[0] & 0x1F == 5 }
            var annexB: [UInt8] = []
            for unit in accessUnit { annexB += [0, 0, 0, 1] + unit }
            try writer.append(AVCDecoderConfiguration.lengthPrefixed(annexB: annexB), track: .video,
                              timestamp: Int64(index) * 1_000 / 30, isKeyframe: isKeyframe, into: &buffer)
        }
        try file.append(buffer)
        buffer.clear()
        let patches = try writer.finalize(into: &buffer)
        try file.append(buffer)
        try file.apply(patches)
        try file.close()

        let (streams, format) = try MediaTool.probe(path)
        #expect(streams.first?["codec_name"] as? String == "h264")
        #expect(streams.first?["width"] as? Int == 320 && streams.first?["height"] as? Int == 240)
        #expect((format["format_name"] as? String)?.hasPrefix("matroska") == true)
        let duration = try #require(MediaTool.duration(format))
        #expect(abs(duration - 2.0) < 0.1, "duration \(duration)")
        let decoded = try MediaTool.decode(path)
        #expect(decoded.status == 0 && decoded.errors.isEmpty, "ffmpeg: \(decoded.errors)")
        #expect(decoded.frames[0] == 60)
    }
}
