import NIOCore
import Recording
import TestSupport
import Testing

@Suite struct WebMWriterTests {
    static let keyframe = hexBytes("""
        500200          // frame tag: keyframe (bit 0 clear), version 0, show_frame
        9d012a          // start code
        4001            // width 320, no scaling
        f000            // height 240
        deadbeef        // first partition (not parsed)
        """)

    @Test func vp8KeyframeDimensions() throws {
        let header = try #require(VP8KeyframeHeader(frame: Self.keyframe))
        #expect(header == VP8KeyframeHeader(frame: Self.keyframe))
        #expect(header.width == 320 && header.height == 240 && header.horizontalScale == 0)
        var scaled = Self.keyframe
        scaled[7] |= 0x80  // horizontal scale 2
        #expect(VP8KeyframeHeader(frame: scaled)?.horizontalScale == 2)
        #expect(VP8KeyframeHeader(frame: scaled)?.width == 320)
        var interframe = Self.keyframe
        interframe[0] |= 1
        #expect(VP8KeyframeHeader(frame: interframe) == nil)
        for cut in Mutations.truncations(of: Self.keyframe) where cut.count < 10 {
            #expect(VP8KeyframeHeader(frame: cut) == nil)
        }
    }

    @Test func headerCarriesCodecsAndDimensions() throws {
        var writer = WebMWriter(configuration: WebMConfiguration(video: .init(codec: .vp8), audio: OpusHeaders()))
        var buffer = ByteBuffer()
        try writer.append(Self.keyframe, track: .video, timestamp: 0, isKeyframe: true, into: &buffer)
        let bytes = Array(buffer.readableBytesView)
        let hex = hexString(bytes)
        #expect(hex.contains("4282847765626d"))  // DocType "webm"
        #expect(hex.contains("8685565f565038"))  // CodecID "V_VP8"
        #expect(hex.contains("b0820140") && hex.contains("ba81f0"))  // PixelWidth 320, PixelHeight 240
        #expect(hex.contains("8686415f4f505553"))  // CodecID "A_OPUS"
        #expect(hex.contains("56aa83") && hex.contains("56bb8404c4b400"))  // CodecDelay, SeekPreRoll 80 ms
        #expect(hex.contains("1853806701ffffffffffffff"))  // live Segment
        #expect(hex.contains("1f43b67501ffffffffffffffe78100"))  // live Cluster at 0
        // SimpleBlock: track 1, relative time 0, keyframe, the frame.
        #expect(hex.hasSuffix("a39281000080" + hexString(Self.keyframe)))
        #expect(writer.bytesWritten == Int64(bytes.count))
    }

    @Test func clustersStartAtKeyframesAndEvery5Seconds() throws {
        var writer = WebMWriter(configuration: WebMConfiguration(audio: OpusHeaders()))
        var buffer = ByteBuffer()
        let packet: [UInt8] = [0xFC, 1, 2]
        for index in 0..<600 {  // 12 s of audio only
            try writer.append(packet, track: .audio, timestamp: Int64(index) * 20, isKeyframe: false, into: &buffer)
        }
        let patches = try writer.finalize(into: &buffer)
        // Segment, three clusters (0, 5, 10 s), Duration, Cues seek entry.
        #expect(patches.count == 6)
        #expect(writer.duration == 12_000)
        let hex = hexString(buffer.readableBytesView)
        #expect(hex.contains("e7821388") && hex.contains("e7822710"))  // cluster timestamps 5000, 10000
        #expect(hex.contains("a38781000080fc0102"))  // audio track 1 without video
        #expect(throws: WebMError.finalized) { try writer.append(packet, track: .audio, timestamp: 0, isKeyframe: true, into: &buffer) }
    }

    @Test func longGroupsOfPicturesSplitClustersButCueOnlyKeyframes() throws {
        var writer = WebMWriter(configuration: WebMConfiguration(video: .init(codec: .vp8)))
        var buffer = ByteBuffer()
        for index in 0..<360 {  // 12 s at 30 fps, one keyframe at 0 and one at 6 s
            try writer.append(Self.keyframe, track: .video, timestamp: Int64(index) * 1_000 / 30,
                              isKeyframe: index % 180 == 0, into: &buffer)
        }
        let patches = try writer.finalize(into: &buffer)
        // Clusters at 0, 5 s (no keyframe), 6 s (keyframe), 11 s: four size patches.
        #expect(patches.count == 7)
        let hex = hexString(buffer.readableBytesView)
        let cues = try #require(hex.range(of: "1c53bb6b"))
        let cueTimes = hex[cues.upperBound...].components(separatedBy: "b3").dropFirst().map { $0.prefix(6) }
        // CueTime elements (b3): 0 in one byte, 6000 (0x1770) in two.
        #expect(cueTimes.count == 2)
        #expect(cueTimes.first?.hasPrefix("8100") == true && cueTimes.last == "821770")
    }

    @Test func badFramesAreTypedErrors() throws {
        var writer = WebMWriter(configuration: WebMConfiguration(video: .init(codec: .vp9, width: 1280, height: 720)))
        var buffer = ByteBuffer()
        #expect(throws: WebMError.noSuchTrack(.audio)) { try writer.append([0xFC], track: .audio, timestamp: 0, isKeyframe: true, into: &buffer) }
        #expect(throws: WebMError.emptyFrame(.video)) { try writer.append([UInt8](), track: .video, timestamp: 0, isKeyframe: true, into: &buffer) }
        // Interframes before the first keyframe are dropped: nothing could decode them.
        #expect(try writer.append([1, 2, 3], track: .video, timestamp: 0, isKeyframe: false, into: &buffer) == false)
        #expect(buffer.readableBytes == 0)
        #expect(throws: WebMError.timestampOutOfRange(-5)) { try writer.append([1], track: .video, timestamp: -5, isKeyframe: true, into: &buffer) }
        #expect(buffer.readableBytes == 0)
        try writer.append([1], track: .video, timestamp: 0, isKeyframe: true, into: &buffer)
        let hex = hexString(buffer.readableBytesView)
        #expect(hex.contains("8685565f565039") && hex.contains("b0820500") && hex.contains("ba8202d0"))  // V_VP9 1280x720
    }

    @Test func h264UsesMatroskaAndAvcC() throws {
        let sps: [UInt8] = [0x67, 0x42, 0xC0, 0x1E, 0xAB]
        let pps: [UInt8] = [0x68, 0xCE, 0x3C, 0x80]
        let avcC = try AVCDecoderConfiguration(sps: [sps], pps: [pps]).bytes
        #expect(hexString(avcC) == hexString(hexBytes("""
            01          // configurationVersion
            42 c0 1e    // profile, compatibility, level from the SPS
            ff          // 6 reserved bits, lengthSizeMinusOne 3
            e1          // 3 reserved bits, one SPS
            0005 6742c01eab
            01          // one PPS
            0004 68ce3c80
            """)))
        #expect(throws: AVCError.spsTooShort(2)) { try AVCDecoderConfiguration(sps: [[0x67, 0x42]], pps: [pps]) }
        #expect(throws: AVCError.missingParameterSet) { try AVCDecoderConfiguration(sps: [sps], pps: []) }

        let annexB: [UInt8] = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5, 0]
        #expect(hexString(AVCDecoderConfiguration.lengthPrefixed(annexB: annexB))
            == "0000000367010200000002680300000003650405")
        #expect(AVCDecoderConfiguration.lengthPrefixed(annexB: [0, 0]).isEmpty)

        var writer = WebMWriter(configuration: WebMConfiguration(video: .init(codec: .h264(avcC: avcC))))
        var buffer = ByteBuffer()
        try writer.append([0, 0, 0, 1, 0x65], track: .video, timestamp: 0, isKeyframe: true, into: &buffer)
        let hex = hexString(buffer.readableBytesView)
        #expect(hex.contains("428288" + hexString(Array("matroska".utf8))))
        #expect(hex.contains("63a294" + hexString(avcC)))
        #expect(hex.contains("b0820280") && hex.contains("ba8201e0"))  // default 640x480
    }
}
