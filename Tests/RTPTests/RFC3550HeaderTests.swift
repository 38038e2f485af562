import NIOCore
import RTP
import Testing
import TestSupport

@Suite struct RFC3550HeaderTests {
    static let simple = """
        80          // V=2 P=0 X=0 CC=0
        e0          // M=1 PT=96
        12 34       // sequence number 0x1234
        00 01 e2 40 // timestamp 123456
        de ad be ef // SSRC
        01 02 03 04 // payload
        """

    static let csrcsAndPadding = """
        a2          // V=2 P=1 X=0 CC=2
        08          // M=0 PT=8 (PCMA)
        ff ff       // sequence number 65535
        ff ff ff fe // timestamp
        00 00 00 01 // SSRC 1
        11 11 11 11 // CSRC 0
        22 22 22 22 // CSRC 1
        aa bb cc    // payload
        00 00 03    // padding: 3 bytes, the last one counts them
        """

    static let profileSpecificExtension = """
        90 00 00 07 00 00 00 08 00 00 00 09 // V=2 X=1 PT=0 seq=7 ts=8 SSRC=9
        12 34       // profile-defined field 0x1234 (not RFC 8285)
        00 01       // length: 1 word
        de ad be ef // profile-specific data
        55          // payload
        """

    @Test func simplePacket() throws {
        let packet = buffer(Self.simple)
        let header = try RTPHeader(parsing: packet)
        #expect(header.marker)
        #expect(header.payloadType == 96)
        #expect(header.sequenceNumber == 0x1234)
        #expect(header.timestamp == 123_456)
        #expect(header.ssrc == 0xDEAD_BEEF)
        #expect(header.csrcCount == 0)
        #expect(!header.hasPadding)
        #expect(!header.hasExtension)
        #expect(header.headerLength == 12)
        #expect(header.payloadRange == 12..<16)
        #expect(header.packetLength == 16)
        #expect(header.payload(in: packet).map(bytes) == [1, 2, 3, 4])
        #expect(try reserialized(packet) == hexBytes(Self.simple))
    }

    @Test func csrcsAndPadding() throws {
        let packet = buffer(Self.csrcsAndPadding)
        let header = try RTPHeader(parsing: packet)
        #expect(!header.marker)
        #expect(header.payloadType == 8)
        #expect(header.sequenceNumber == 0xFFFF)
        #expect(header.timestamp == 0xFFFF_FFFE)
        #expect(header.ssrc == 1)
        #expect(header.csrcCount == 2)
        #expect(header.csrc(at: 0, in: packet) == 0x1111_1111)
        #expect(header.csrc(at: 1, in: packet) == 0x2222_2222)
        #expect(header.csrc(at: 2, in: packet) == nil)
        #expect(header.hasPadding)
        #expect(header.paddingLength == 3)
        #expect(header.payloadRange == 20..<23)
        #expect(header.payload(in: packet).map(bytes) == [0xAA, 0xBB, 0xCC])
        #expect(try reserialized(packet) == hexBytes(Self.csrcsAndPadding))
    }

    @Test func profileSpecificExtension() throws {
        let packet = buffer(Self.profileSpecificExtension)
        let header = try RTPHeader(parsing: packet)
        #expect(header.extensionProfile == .other(0x1234))
        #expect(header.extensionRange == 16..<20)
        #expect(header.profileSpecificExtensionData(in: packet).map(bytes) == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(Array(header.extensionElements(in: packet)).isEmpty)
        #expect(header.extensionValue(id: 1, in: packet) == nil)
        #expect(header.payloadRange == 20..<21)
        var copy = packet
        #expect(throws: RTPError.badExtensionProfile(0x1234)) {
            try header.setExtensionValue(id: 1, to: [0], in: &copy)
        }
        #expect(try reserialized(packet) == hexBytes(Self.profileSpecificExtension))
    }

    @Test func parsesFromReaderIndexOfALargerBuffer() throws {
        var packet = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF])
        packet.writeBytes(hexBytes(Self.simple))
        packet.moveReaderIndex(forwardBy: 3)
        let header = try RTPHeader(parsing: packet)
        #expect(header.sequenceNumber == 0x1234)
        #expect(header.payloadIndex(in: packet) == 15)
        #expect(header.payload(in: packet).map(bytes) == [1, 2, 3, 4])
    }

    @Test func rawBytesInitializer() throws {
        let header = try RTPHeader(parsing: hexBytes(Self.simple))
        #expect(header.ssrc == 0xDEAD_BEEF)
    }

    // MARK: - Specific errors

    @Test func shortFixedHeader() {
        #expect(throws: RTPError.truncated(at: 0, need: 12)) { try RTPHeader(parsing: [UInt8](repeating: 0x80, count: 11)) }
        #expect(throws: RTPError.truncated(at: 0, need: 12)) { try RTPHeader(parsing: [UInt8]()) }
    }

    @Test func badVersion() {
        var bytes = hexBytes(Self.simple)
        bytes[0] = 0x40  // V=1
        #expect(throws: RTPError.badVersion(1)) { try RTPHeader(parsing: bytes) }
        bytes[0] = 0x00
        #expect(throws: RTPError.badVersion(0)) { try RTPHeader(parsing: bytes) }
    }

    @Test func truncatedCSRCs() {
        var bytes = hexBytes(Self.simple)
        bytes[0] = 0x82  // CC=2 needs 8 bytes, only 4 follow
        #expect(throws: RTPError.truncated(at: 12, need: 8)) { try RTPHeader(parsing: bytes) }
    }

    @Test func truncatedExtension() {
        var bytes = hexBytes(Self.profileSpecificExtension)
        bytes[15] = 0x02  // length 2 words, only 5 bytes follow
        #expect(throws: RTPError.truncated(at: 16, need: 8)) { try RTPHeader(parsing: bytes) }
        let headerOnly = Array(hexBytes(Self.profileSpecificExtension)[..<14])
        #expect(throws: RTPError.truncated(at: 12, need: 4)) { try RTPHeader(parsing: headerOnly) }
    }

    @Test func badPadding() {
        var bytes = hexBytes(Self.csrcsAndPadding)
        bytes[bytes.count - 1] = 0  // a count of 0 is impossible: it counts itself
        #expect(throws: RTPError.badPadding(count: 0, available: 6)) { try RTPHeader(parsing: bytes) }
        bytes[bytes.count - 1] = 7  // more than the 6 bytes after the header
        #expect(throws: RTPError.badPadding(count: 7, available: 6)) { try RTPHeader(parsing: bytes) }
        bytes[bytes.count - 1] = 6  // exactly everything after the header: empty payload
        #expect((try? RTPHeader(parsing: bytes))?.payloadRange == 20..<20)
        // P set on a header with nothing after it.
        let headerOnly = [0xA0, 0x00] + [UInt8](repeating: 0, count: 10)
        #expect(throws: RTPError.badPadding(count: 0, available: 0)) { try RTPHeader(parsing: headerOnly) }
    }

    // MARK: - Writing errors

    @Test func writingRejectsBadFields() {
        var fields = RTPPacketFields(payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3)
        fields.csrcs = Array(repeating: 1, count: 16)
        #expect(throws: RTPError.tooManyCSRCs(16)) { try fields.encoded() }
        fields.csrcs = []
        fields.paddingLength = 256
        #expect(throws: RTPError.badPaddingLength(256)) { try fields.encoded() }
        fields.paddingLength = 0
        fields.headerExtension = .oneByte([RTPHeaderExtensionElement(id: 15, value: [1])])
        #expect(throws: RTPError.badExtensionElement(id: 15, length: 1)) { try fields.encoded() }
        fields.headerExtension = .oneByte([RTPHeaderExtensionElement(id: 1, value: [])])
        #expect(throws: RTPError.badExtensionElement(id: 1, length: 0)) { try fields.encoded() }
        fields.headerExtension = .twoByte(appBits: 0, [RTPHeaderExtensionElement(id: 0, value: [1])])
        #expect(throws: RTPError.badExtensionElement(id: 0, length: 1)) { try fields.encoded() }
        fields.headerExtension = .twoByte(appBits: 0, [RTPHeaderExtensionElement(id: 1, value: [UInt8](repeating: 0, count: 256))])
        #expect(throws: RTPError.badExtensionElement(id: 1, length: 256)) { try fields.encoded() }
        fields.headerExtension = .profileSpecific(profile: 1, data: [1, 2, 3])
        #expect(throws: RTPError.badExtensionLength(3)) { try fields.encoded() }

        var out = ByteBuffer(bytes: [9])
        #expect(throws: RTPError.badExtensionLength(3)) { try fields.write(into: &out) }
        #expect(bytes(out) == [9], "nothing is written on error")
    }
}
