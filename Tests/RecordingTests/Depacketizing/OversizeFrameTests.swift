import NIOCore
import RTP
import Recording
import Testing

/// A publisher that never ends its frame (same timestamp, no marker, for
/// ever) cannot grow an assembler past its frame limit: the frame is
/// dropped and counted, and assembly resumes at the next keyframe.
@Suite struct OversizeFrameTests {
    static func packet(_ sequence: UInt16, timestamp: UInt32, marker: Bool = false, payload: [UInt8]) -> RTPPacket {
        let fields = RTPPacketFields(
            marker: marker, payloadType: 96, sequenceNumber: sequence, timestamp: timestamp, ssrc: 7,
            payload: ByteBuffer(bytes: payload))
        return try! RTPPacket(parsing: fields.encoded())
    }

    /// A codec's packets: the start of a keyframe, a middle piece, and a
    /// whole keyframe in one packet (descriptor or NAL header included).
    struct Shapes {
        var start: [UInt8]
        var middle: [UInt8]
        var whole: [UInt8]
    }

    static let body = [UInt8](repeating: 0x5A, count: 1_000)
    // VP8 (RFC 7741 §4.2): S=1 starts; a payload header with P=0 is a keyframe.
    static let vp8 = Shapes(start: [0x10, 0x00] + body, middle: [0x00] + body, whole: [0x10, 0x00] + body)
    // VP9 (RFC 9628 §4.2): B starts, E ends, P=0 is a keyframe.
    static let vp9 = Shapes(start: [0x08] + body, middle: [0x00] + body, whole: [0x0C] + body)
    // H.264 (RFC 6184 §5.8): FU-A of an IDR slice with first_mb_in_slice 0,
    // then a single IDR NAL unit.
    static let h264 = Shapes(start: [0x7C, 0x85, 0x88] + body, middle: [0x7C, 0x05] + body, whole: [0x65, 0x88] + body)

    /// Feeds a never-ending frame of ~10 MB, then a keyframe; checks the
    /// bound after every packet. `push` returns the output and the bytes held.
    static func flood(
        _ shapes: Shapes, limit: Int, push: (RTPPacket) -> (FrameAssemblyOutput, Int), dropped: () -> Int
    ) {
        var sequence: UInt16 = 65_000
        var held = 0
        var frames = 0
        for index in 0..<10_000 {
            let (output, bytes) = push(packet(sequence, timestamp: 3_000, payload: index == 0 ? shapes.start : shapes.middle))
            if output.frame != nil { frames += 1 }
            held = max(held, bytes)
            sequence &+= 1
        }
        #expect(frames == 0)
        #expect(held <= limit + 1_002, "held \(held)")
        #expect(dropped() == 1)
        let (output, _) = push(packet(sequence, timestamp: 6_000, marker: true, payload: shapes.whole))
        #expect(output.frame?.isKeyframe == true)
        #expect(output.frame.map { $0.data.readableBytes >= body.count } == true)
    }

    @Test func vp8FrameIsBounded() {
        var assembler = VP8FrameAssembler()
        Self.flood(
            Self.vp8, limit: VP8FrameAssembler.defaultMaxFrameBytes,
            push: { (assembler.push($0), assembler.bufferedBytes) }, dropped: { assembler.oversizeFramesDropped })
    }

    @Test func vp9FrameIsBounded() {
        var assembler = VP9FrameAssembler()
        Self.flood(
            Self.vp9, limit: VP9FrameAssembler.defaultMaxFrameBytes,
            push: { (assembler.push($0), assembler.bufferedBytes) }, dropped: { assembler.oversizeFramesDropped })
    }

    @Test(arguments: [H264FrameAssembler.Format.annexB, .lengthPrefixed])
    func h264AccessUnitIsBounded(format: H264FrameAssembler.Format) {
        var assembler = H264FrameAssembler(format: format, maxFrameBytes: 100_000)
        Self.flood(
            Self.h264, limit: 100_000, push: { (assembler.push($0), assembler.bufferedBytes) },
            dropped: { assembler.oversizeFramesDropped })
    }

    /// The rest of a dropped frame (its timestamp) never starts a new one.
    @Test func restartsAtTheDroppedTimestampAreIgnored() {
        var assembler = VP8FrameAssembler(maxFrameBytes: 5_000)
        let large = Self.vp8.start + [UInt8](repeating: 1, count: 5_000)
        for sequence: UInt16 in 1...100 {
            #expect(assembler.push(Self.packet(sequence, timestamp: 90, marker: true, payload: large)).frame == nil)
        }
        #expect(assembler.oversizeFramesDropped == 1)
        #expect(assembler.bufferedBytes == 0)
    }

    @Test func oversizeOpusPacketsAreDroppedAsLost() {
        var extractor = OpusFrameExtractor()
        #expect(extractor.push(Self.packet(1, timestamp: 0, payload: [0xFC, 1, 2])) != nil)
        #expect(extractor.push(Self.packet(2, timestamp: 960, payload: [UInt8](repeating: 1, count: 8_000))) == nil)
        let next = extractor.push(Self.packet(3, timestamp: 1_920, payload: [0xFC, 3]))
        #expect(next?.lostBefore == 1)
        #expect(extractor.oversizeFramesDropped == 1)
    }
}
