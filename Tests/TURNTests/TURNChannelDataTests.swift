import NIOCore
import STUN
import TestSupport
import Testing

@testable import TURN

@Suite struct TURNChannelDataTests {
    @Test func parsesAndWritesAFrame() throws {
        let bytes = hexBytes(
            """
            4001        // channel 0x4001
            0005        // length 5
            68 65 6c 6c 6f  // "hello"
            """)
        let frame = try TURNChannelData(parsing: bytes)
        #expect(frame.channelNumber == 0x4001)
        #expect(Array(frame.data.readableBytesView) == Array("hello".utf8))
        #expect(Array(frame.serialized().readableBytesView) == bytes)
        // Over TCP and TLS the frame is padded to 4 (RFC 8656 §12.5).
        #expect(Array(frame.serialized(padded: true).readableBytesView) == bytes + [0, 0, 0])
    }

    @Test func ignoresUDPPaddingAfterTheLength() throws {
        let frame = try TURNChannelData(parsing: hexBytes("4fff 0001 aa 000000"))
        #expect(frame.channelNumber == 0x4FFF)
        #expect(Array(frame.data.readableBytesView) == [0xAA])
    }

    @Test func refusesBadFrames() {
        #expect(throws: TURNError.truncated(at: 0, need: 4)) { try TURNChannelData(parsing: [0x40, 0x00, 0x00]) }
        #expect(throws: TURNError.badChannelNumber(0x8000)) { try TURNChannelData(parsing: hexBytes("8000 0000")) }
        #expect(throws: TURNError.lengthOverrun(declared: 8, available: 2)) {
            try TURNChannelData(parsing: hexBytes("4000 0008 0102"))
        }
    }

    @Test func framesAStream() {
        #expect(TURNStreamFraming.nextFrame(in: ByteBuffer(bytes: [0x40])) == .needMoreBytes)
        #expect(TURNStreamFraming.nextFrame(in: ByteBuffer(bytes: hexBytes("4000 0005"))) == .frame(length: 12))
        #expect(TURNStreamFraming.nextFrame(in: ByteBuffer(bytes: hexBytes("0003 0008"))) == .frame(length: 28))
        #expect(TURNStreamFraming.nextFrame(in: ByteBuffer(bytes: hexBytes("8000 0000"))) == .invalid(firstByte: 0x80))
    }
}
