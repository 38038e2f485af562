import Codecs
import Testing

/// The bots' media is real: libvpx VP8 and libopus output, decodable, with
/// the frame counter readable from the decoded pictures.
@Suite struct CodecsTests {
    @Test func thePatternCarriesAReadableFrameCounter() {
        let pattern = TestPattern(width: 320, height: 180)
        for index in [0, 7, 42, 12_345] {
            #expect(pattern.readCounter(from: pattern.picture(frame: index)) == index)
        }
        #expect(pattern.picture(frame: 1) != pattern.picture(frame: 2))
    }

    @Test func vp8ClipStartsWithAKeyframeAndDecodesToItsFrameNumbers() throws {
        let spec = VideoClipSpec(width: 320, height: 180, bitrateKbps: 800, seconds: 1, keyframeIntervalSeconds: 1)
        let clip = try EncodedClip.encodeVideo(spec)
        #expect(clip.clockRate == 90_000)
        #expect(clip.frames.count > 20)
        #expect(clip.frames.first?.isKeyframe == true)
        #expect(clip.frames.dropFirst().contains { !$0.isKeyframe })
        #expect(clip.loopDuration == 90_000)
        // Within a factor of two of the asked rate: CBR, not a fixed-quality encode.
        #expect(clip.averageBitrate > 400_000 && clip.averageBitrate < 1_600_000)

        let decoder = try VP8Decoder()
        let pattern = TestPattern(width: 320, height: 180)
        var read: [Int] = []
        for frame in clip.frames {
            let picture = try #require(try decoder.decode(frame.bytes))
            #expect(picture.width == 320 && picture.height == 180)
            if let counter = pattern.readCounter(from: picture) { read.append(counter) }
        }
        // Frames the encoder did not drop show their own number, in order.
        #expect(read.count >= clip.frames.count * 9 / 10)
        #expect(read == read.sorted())
        #expect(read.first == 0)
    }

    @Test func opusClipHasDistinctTwentyMillisecondFrames() throws {
        let clip = try EncodedClip.encodeAudio(AudioClipSpec(seconds: 2))
        #expect(clip.frames.count == 100)
        #expect(clip.frames.allSatisfy { $0.duration == 960 && !$0.bytes.isEmpty && $0.bytes.count < 400 })
        // Receivers tell packets apart by payload: no two frames alike.
        #expect(Set(clip.frames.map(\.bytes)).count == clip.frames.count)
        // TOC byte (RFC 6716 §3.1): one frame of 20 ms in every packet.
        #expect(clip.frames.allSatisfy { $0.bytes[0] & 0x03 == 0 })
    }

    @Test func theStoreEncodesOnce() throws {
        let store = ClipStore()
        let spec = AudioClipSpec(seconds: 1)
        let first = try store.audioClip(spec)
        let second = try store.audioClip(spec)
        #expect(first.frames == second.frames)
    }

    @Test func badParametersAreErrorsNotTraps() {
        #expect(throws: CodecError.self) { _ = try VP8Encoder(width: 321, height: 180, bitrateKbps: 100) }
        #expect(throws: CodecError.self) { _ = try OpusEncoder(channels: 3) }
        #expect(throws: CodecError.self) { _ = try OpusEncoder().encode([0, 1, 2]) }
    }
}
