import NIOCore
import Recording
import TestSupport
import Testing

@Suite struct EBMLWriterTests {
    func bytes(_ body: (inout ByteBuffer) throws -> Void) rethrows -> [UInt8] {
        var buffer = ByteBuffer()
        try body(&buffer)
        return Array(buffer.readableBytesView)
    }

    @Test func sizesUseTheShortestVINT() throws {
        // RFC 8794 §4: width n holds 0 ... 2^(7n) - 2; all ones is reserved.
        let vectors: [(UInt64, String)] = [
            (0, "80"), (1, "81"), (126, "fe"),
            (127, "407f"),  // 0x7F would be all ones in one byte
            (128, "4080"), (16_382, "7ffe"),
            (16_383, "203fff"), (2_097_150, "3ffffe"),
            (2_097_151, "101fffff"),
            (UInt64(1) << 28, "0810000000"),
            (EBMLWriter.maximumSize, "01fffffffffffffe"),
        ]
        for (value, hex) in vectors {
            #expect(hexString(try bytes { try EBMLWriter.writeSize(value, into: &$0) }) == hex, "size \(value)")
        }
    }

    @Test func sizesWithAFixedWidth() throws {
        #expect(hexString(try bytes { try EBMLWriter.writeSize(5, width: 8, into: &$0) }) == "0100000000000005")
        #expect(hexString(try bytes { try EBMLWriter.writeSize(300, width: 4, into: &$0) }) == "1000012c")
        #expect(throws: EBMLError.badSizeWidth(1, value: 300)) { _ = try bytes { try EBMLWriter.writeSize(300, width: 1, into: &$0) } }
        #expect(throws: EBMLError.badSizeWidth(9, value: 1)) { _ = try bytes { try EBMLWriter.writeSize(1, width: 9, into: &$0) } }
        #expect(throws: EBMLError.sizeTooLarge(UInt64(1) << 56 - 1)) {
            _ = try bytes { try EBMLWriter.writeSize(UInt64(1) << 56 - 1, into: &$0) }
        }
    }

    @Test func unknownSizeMarker() {
        #expect(hexString(bytes { EBMLWriter.writeUnknownSize(into: &$0) }) == "01ffffffffffffff")
    }

    @Test func idsKeepTheirMarkerBits() {
        #expect(hexString(bytes { EBMLWriter.writeID(MatroskaID.ebml, into: &$0) }) == "1a45dfa3")
        #expect(hexString(bytes { EBMLWriter.writeID(MatroskaID.timestampScale, into: &$0) }) == "2ad7b1")
        #expect(hexString(bytes { EBMLWriter.writeID(MatroskaID.seekID, into: &$0) }) == "53ab")
        #expect(hexString(bytes { EBMLWriter.writeID(MatroskaID.simpleBlock, into: &$0) }) == "a3")
        #expect(EBMLWriter.idLength(MatroskaID.cluster) == 4)
    }

    @Test func unsignedElements() {
        #expect(hexString(bytes { EBMLWriter.writeUnsigned(MatroskaID.trackNumber, 0, into: &$0) }) == "d78100")
        #expect(hexString(bytes { EBMLWriter.writeUnsigned(MatroskaID.timestampScale, 1_000_000, into: &$0) }) == "2ad7b1830f4240")
        #expect(hexString(bytes { EBMLWriter.writeUnsigned(MatroskaID.seekPosition, 0x1234, width: 8, into: &$0) })
            == "53ac880000000000001234")
        #expect(hexString(bytes { EBMLWriter.writeUnsigned(0xE7, UInt64.max, into: &$0) }) == "e788ffffffffffffffff")
    }

    @Test func signedElements() {
        #expect(hexString(bytes { EBMLWriter.writeSigned(0xFB, -1, into: &$0) }) == "fb81ff")
        #expect(hexString(bytes { EBMLWriter.writeSigned(0xFB, 127, into: &$0) }) == "fb817f")
        #expect(hexString(bytes { EBMLWriter.writeSigned(0xFB, 128, into: &$0) }) == "fb820080")
        #expect(hexString(bytes { EBMLWriter.writeSigned(0xFB, -129, into: &$0) }) == "fb82ff7f")
        #expect(hexString(bytes { EBMLWriter.writeSigned(0xFB, Int64.min, into: &$0) }) == "fb888000000000000000")
    }

    @Test func floatStringBinaryVoidAndMaster() throws {
        // 48000.0 as binary64 is 0x40E7700000000000.
        #expect(hexString(bytes { EBMLWriter.writeFloat(MatroskaID.samplingFrequency, 48_000, into: &$0) }) == "b58840e7700000000000")
        #expect(hexString(try bytes { try EBMLWriter.writeString(MatroskaID.docType, "webm", into: &$0) }) == "4282847765626d")
        #expect(hexString(try bytes { try EBMLWriter.writeBinary(MatroskaID.codecPrivate, [1, 2], into: &$0) }) == "63a2820102")
        #expect(hexString(bytes { EBMLWriter.writeVoid(totalLength: 11, into: &$0) }) == "ec89" + String(repeating: "00", count: 9))
        var body = ByteBuffer()
        EBMLWriter.writeUnsigned(MatroskaID.ebmlVersion, 1, into: &body)
        #expect(hexString(try bytes { try EBMLWriter.writeMaster(MatroskaID.ebml, body: body, into: &$0) }) == "1a45dfa38442868101")
    }
}
