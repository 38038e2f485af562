import NIOCore
import TestSupport
import Testing

@testable import ICELite

/// RFC 4571 §2 framing of ICE-TCP streams (RFC 6544 §3): whole frames,
/// frames split anywhere, many frames in one read, and streams that lie.
@Suite struct RFC4571FramingTests {
    /// Every frame the decoder gives for `reads`, in order.
    private func frames(_ reads: [[UInt8]], maxFrameLength: Int = 65_535) throws -> [[UInt8]] {
        var decoder = ICETCPFrameDecoder(maxFrameLength: maxFrameLength)
        var out: [[UInt8]] = []
        for read in reads {
            var buffer = ByteBuffer(bytes: read)
            decoder.append(&buffer)
            #expect(buffer.readableBytes == 0)
            while let frame = try decoder.nextFrame() { out.append(Array(frame.readableBytesView)) }
        }
        return out
    }

    @Test func decodesOneFrame() throws {
        let stream = hexBytes(
            """
            0005            // LENGTH 5
            68 65 6c 6c 6f  // "hello"
            """)
        #expect(try frames([stream]) == [Array("hello".utf8)])
    }

    @Test func decodesManyFramesInOneRead() throws {
        let stream = hexBytes(
            """
            0001 aa         // one byte
            0003 01 02 03   // three bytes
            0002 80 60      // an RTP-looking start
            """)
        #expect(try frames([stream]) == [[0xAA], [1, 2, 3], [0x80, 0x60]])
    }

    @Test func decodesFramesSplitAtEveryByte() throws {
        let stream = hexBytes("0002 0102 0004 0a0b0c0d 0001 ff")
        let oneByteReads = stream.map { [$0] }
        #expect(try frames(oneByteReads) == [[1, 2], [0xA, 0xB, 0xC, 0xD], [0xFF]])
        // Every two-way split of the stream gives the same frames.
        for cut in 1..<stream.count {
            #expect(try frames([Array(stream[..<cut]), Array(stream[cut...])]) == [[1, 2], [0xA, 0xB, 0xC, 0xD], [0xFF]])
        }
    }

    @Test func skipsAndCountsZeroLengthFrames() throws {
        var decoder = ICETCPFrameDecoder()
        var buffer = ByteBuffer(bytes: hexBytes("0000 0000 0001 42 0000"))
        decoder.append(&buffer)
        #expect(try decoder.nextFrame().map { Array($0.readableBytesView) } == [0x42])
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.zeroLengthFrames == 3)
        // A stream of them is no frame: nothing is held, nothing is partial.
        #expect(!decoder.hasPartialFrame && decoder.bufferedBytes == 0)
    }

    @Test func holdsALengthPastTheStreamWithinItsBound() throws {
        var decoder = ICETCPFrameDecoder(maxFrameLength: 1_500)
        // LENGTH 1500, then only 10 bytes: held, partial, never handed out.
        var buffer = ByteBuffer(bytes: [0x05, 0xDC] + [UInt8](repeating: 7, count: 10))
        decoder.append(&buffer)
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.hasPartialFrame)
        #expect(decoder.bufferedBytes == 12)
        // The rest arrives: one frame of exactly 1500 bytes, nothing left.
        buffer = ByteBuffer(bytes: [UInt8](repeating: 7, count: 1_490))
        decoder.append(&buffer)
        #expect(try decoder.nextFrame()?.readableBytes == 1_500)
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.bufferedBytes == 0)
        #expect(decoder.maxBufferedBytes == 1_502)
    }

    @Test func refusesALengthAboveTheLimit() {
        var decoder = ICETCPFrameDecoder(maxFrameLength: 1_500)
        var buffer = ByteBuffer(bytes: hexBytes("0001 aa 05dd"))  // a good frame, then LENGTH 1501
        decoder.append(&buffer)
        #expect(throws: Never.self) { try decoder.nextFrame() }
        #expect(throws: ICETCPFramingError.frameTooLong(length: 1_501, limit: 1_500)) { try decoder.nextFrame() }
    }

    @Test func acceptsTheLongestFrameRFC4571Allows() throws {
        let body = [UInt8](repeating: 0x80, count: 65_535)
        #expect(try frames([[0xFF, 0xFF] + body]) == [body])
        // Limits outside 1...65535 are clamped.
        #expect(ICETCPFrameDecoder(maxFrameLength: 1 << 20).maxFrameLength == 65_535)
        #expect(ICETCPFrameDecoder(maxFrameLength: 0).maxFrameLength == 1)
    }

    @Test func encodesWhatTheDecoderReads() throws {
        let packet = ByteBuffer(bytes: Array("STUN or DTLS or SRTP".utf8))
        let frame = try #require(ICETCPFrameEncoder.frame(packet))
        #expect(Array(frame.readableBytesView.prefix(2)) == [0x00, 0x14])
        #expect(try frames([Array(frame.readableBytesView)]) == [Array(packet.readableBytesView)])
        // Neither an empty packet nor one past 65535 bytes can be framed.
        #expect(ICETCPFrameEncoder.frame(ByteBuffer()) == nil)
        #expect(ICETCPFrameEncoder.frame(ByteBuffer(repeating: 1, count: 65_536)) == nil)
    }

    @Test func randomFramesInRandomReadsComeOutWhole() throws {
        var random = SeededRandom(seed: 4_571)
        for round in 0..<50 {
            let packets = (0..<Int.random(in: 1...20, using: &random)).map { _ in
                random.bytes(Int.random(in: 1...2_000, using: &random))
            }
            var stream: [UInt8] = []
            for packet in packets {
                stream += [UInt8(packet.count >> 8), UInt8(packet.count & 0xFF)] + packet
                if Bool.random(using: &random) { stream += [0, 0] }  // zero-length frames between
            }
            var reads: [[UInt8]] = []
            var offset = 0
            while offset < stream.count {
                let size = min(stream.count - offset, Int.random(in: 1...3_000, using: &random))
                reads.append(Array(stream[offset..<offset + size]))
                offset += size
            }
            #expect(try frames(reads) == packets, "round \(round)")
        }
    }
}
