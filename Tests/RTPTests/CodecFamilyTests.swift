import NIOCore
import RTP
import Testing
import TestSupport

/// The codec family table and its one parse per packet.
@Suite struct CodecFamilyTests {
    @Test func namesAndNumbersAreTheServersOwn() {
        #expect(CodecFamily(name: "VP8") == .vp8)
        #expect(CodecFamily(name: "h264") == .h264)
        #expect(CodecFamily(name: "AV1") == nil, "no family until its case is added")
        #expect(CodecFamily.allVideo.map(\.configName) == ["vp8", "vp9", "h264"])
        #expect(CodecFamily.allAudio.map(\.rtpmapName) == ["opus"])
        #expect(CodecFamily.allCases.map(\.serverPayloadType) == [111, 96, 98, 102])
        #expect(CodecFamily.allCases.map(\.serverRTXPayloadType) == [nil, 97, 99, 103])
        #expect(CodecFamily.opus.clockRate == 48_000 && CodecFamily.opus.channels == 2)
        #expect(CodecFamily.vp9.clockRate == 90_000 && CodecFamily.vp9.channels == nil)
    }

    @Test func vp8KeyframeParsesOnceWithItsDescriptorAndSize() throws {
        // Descriptor (S=1, 7-bit picture ID 17), key frame tag, start code,
        // 14-bit width 640 and height 480, little-endian.
        let payload = ByteBuffer(bytes: hexBytes("""
            90 80 11
            10 02 00 9d 01 2a
            80 02 e0 01
            """))
        let info = try #require(CodecFamily.vp8.parsePayload(payload))
        #expect(info.isKeyframe)
        #expect(info.vp8?.pictureID == 17)
        #expect(info.width == 640 && info.height == 480)
        #expect(CodecFamily.opus.parsePayload(payload) == CodecPayloadInfo(isKeyframe: false))
        #expect(CodecFamily.vp8.parsePayload(ByteBuffer()) == nil, "malformed: nothing to parse")
    }
}
