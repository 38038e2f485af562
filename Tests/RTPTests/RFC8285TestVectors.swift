import NIOCore
import RTP
import Testing
import TestSupport

/// The RFC 8285 §4.2 and §4.3 figures, inside an RTP packet.
@Suite struct RFC8285TestVectors {
    static let rtpHeader = """
        90          // V=2 P=0 X=1 CC=0
        6f          // M=0 PT=111
        00 01       // sequence number 1
        00 00 00 02 // timestamp 2
        00 00 00 03 // SSRC 3

        """

    /// RFC 8285 §4.2 figure: one-byte form with padding between elements.
    static let oneByteForm = rtpHeader + """
        be de       // one-byte form
        00 03       // length: 3 words
        10 aa       // ID=1 L=0: 1 byte
        21 bb cc    // ID=2 L=1: 2 bytes
        00 00       // padding
        33 01 02 03 04 // ID=3 L=3: 4 bytes
        ff ee       // payload
        """

    /// The same packet as written: padding moves to the end of the block.
    static let oneByteFormCanonical = rtpHeader + """
        be de 00 03
        10 aa
        21 bb cc
        33 01 02 03 04
        00 00       // padding to the 32-bit boundary
        ff ee
        """

    /// RFC 8285 §4.3 figure: two-byte form, a zero-length element, padding.
    static let twoByteForm = rtpHeader + """
        10 00       // two-byte form, appbits 0
        00 03       // length: 3 words
        01 00       // ID=1 L=0: no data
        02 01 aa    // ID=2 L=1
        00          // padding
        03 04 01 02 03 04 // ID=3 L=4
        ff ee       // payload
        """

    static let twoByteFormCanonical = rtpHeader + """
        10 00 00 03
        01 00
        02 01 aa
        03 04 01 02 03 04
        00          // padding
        ff ee
        """

    @Test func oneByteForm() throws {
        let packet = buffer(Self.oneByteForm)
        let header = try RTPHeader(parsing: packet)
        #expect(header.extensionProfile == .oneByte)
        #expect(header.extensionRange == 16..<28)
        #expect(header.payloadRange == 28..<30)
        #expect(elements(of: header, in: packet) == [
            RTPHeaderExtensionElement(id: 1, value: [0xAA]),
            RTPHeaderExtensionElement(id: 2, value: [0xBB, 0xCC]),
            RTPHeaderExtensionElement(id: 3, value: [1, 2, 3, 4]),
        ])
        #expect(header.extensionValueRange(id: 1, in: packet) == 17..<18)
        #expect(header.extensionValueRange(id: 2, in: packet) == 19..<21)
        #expect(header.extensionValueRange(id: 3, in: packet) == 24..<28)
        #expect(header.extensionValue(id: 3, in: packet).map(bytes) == [1, 2, 3, 4])
        #expect(header.extensionValue(id: 4, in: packet) == nil)
        #expect(header.extensionValue(id: 0, in: packet) == nil)
        #expect(header.extensionValue(id: 15, in: packet) == nil)
        #expect(try reserialized(packet) == hexBytes(Self.oneByteFormCanonical))
        #expect(try reserialized(buffer(Self.oneByteFormCanonical)) == hexBytes(Self.oneByteFormCanonical))
    }

    @Test func twoByteForm() throws {
        let packet = buffer(Self.twoByteForm)
        let header = try RTPHeader(parsing: packet)
        #expect(header.extensionProfile == .twoByte(appBits: 0))
        #expect(elements(of: header, in: packet) == [
            RTPHeaderExtensionElement(id: 1, value: []),
            RTPHeaderExtensionElement(id: 2, value: [0xAA]),
            RTPHeaderExtensionElement(id: 3, value: [1, 2, 3, 4]),
        ])
        #expect(header.extensionValueRange(id: 1, in: packet) == 18..<18)
        #expect(header.extensionValueRange(id: 3, in: packet) == 24..<28)
        #expect(header.payload(in: packet).map(bytes) == [0xFF, 0xEE])
        #expect(try reserialized(packet) == hexBytes(Self.twoByteFormCanonical))
    }

    @Test func twoByteFormKeepsAppBitsAndLargeIDs() throws {
        let fields = RTPPacketFields(
            payloadType: 100, sequenceNumber: 9, timestamp: 9, ssrc: 9,
            headerExtension: .twoByte(appBits: 0x5, [RTPHeaderExtensionElement(id: 200, value: [7, 7])]))
        let packet = try fields.encoded()
        #expect(bytes(packet)[12..<16] == [0x10, 0x05, 0x00, 0x01])
        let header = try RTPHeader(parsing: packet)
        #expect(header.extensionProfile == .twoByte(appBits: 5))
        #expect(header.extensionValue(id: 200, in: packet).map(bytes) == [7, 7])
        #expect(try RTPPacketFields(parsing: packet) == fields)
    }

    @Test func idFifteenStopsParsing() throws {
        let packet = buffer(Self.rtpHeader + """
            be de 00 02 // one-byte form, 2 words
            10 aa       // ID=1 L=0
            f3          // ID=15: stop here; its length field is ignored
            ff ff ff ff ff // never parsed (would overrun as an element)
            """)
        let header = try RTPHeader(parsing: packet)
        #expect(elements(of: header, in: packet) == [RTPHeaderExtensionElement(id: 1, value: [0xAA])])
    }

    @Test func overrunningElements() {
        let oneByte = buffer(Self.rtpHeader + """
            be de 00 01 // one-byte form, 1 word
            10 aa       // ID=1 L=0
            21 bb       // ID=2 L=1: needs 2 bytes, 1 left
            """)
        #expect(throws: RTPError.extensionOverrun(at: 18)) { try RTPHeader(parsing: oneByte) }
        let twoByte = buffer(Self.rtpHeader + """
            10 00 00 01 // two-byte form, 1 word
            00 00 00    // padding
            05          // ID=5 with no room for its length byte
            """)
        #expect(throws: RTPError.extensionOverrun(at: 19)) { try RTPHeader(parsing: twoByte) }
        let twoByteLong = buffer(Self.rtpHeader + """
            10 00 00 01 // two-byte form, 1 word
            05 03 aa bb // ID=5 L=3: needs 3 bytes, 2 left
            """)
        #expect(throws: RTPError.extensionOverrun(at: 16)) { try RTPHeader(parsing: twoByteLong) }
    }

    @Test func emptyExtensionBlock() throws {
        let packet = buffer(Self.rtpHeader + "be de 00 00  // one-byte form, no elements\n 01")
        let header = try RTPHeader(parsing: packet)
        #expect(header.extensionProfile == .oneByte)
        #expect(Array(header.extensionElements(in: packet)).isEmpty)
        #expect(header.payloadRange == 16..<17)
        #expect(try reserialized(packet) == bytes(packet))
    }

    @Test func formChoice() {
        let small = [RTPHeaderExtensionElement(id: 14, value: [UInt8](repeating: 1, count: 16))]
        #expect(RTPHeaderExtensionBlock.elements(small) == .oneByte(small))
        let bigID = [RTPHeaderExtensionElement(id: 15, value: [1])]
        #expect(RTPHeaderExtensionBlock.elements(bigID) == .twoByte(appBits: 0, bigID))
        let long = [RTPHeaderExtensionElement(id: 1, value: [UInt8](repeating: 1, count: 17))]
        #expect(RTPHeaderExtensionBlock.elements(long) == .twoByte(appBits: 0, long))
        let empty = [RTPHeaderExtensionElement(id: 1, value: [])]
        #expect(RTPHeaderExtensionBlock.elements(empty) == .twoByte(appBits: 0, empty))
    }

    @Test func profileRawValues() {
        #expect(RTPHeaderExtensionProfile(rawValue: 0xBEDE) == .oneByte)
        #expect(RTPHeaderExtensionProfile(rawValue: 0x1000) == .twoByte(appBits: 0))
        #expect(RTPHeaderExtensionProfile(rawValue: 0x100F) == .twoByte(appBits: 15))
        #expect(RTPHeaderExtensionProfile(rawValue: 0x1010) == .other(0x1010))
        for raw: UInt16 in [0xBEDE, 0x1000, 0x100A, 0x0001, 0xFFFF] {
            #expect(RTPHeaderExtensionProfile(rawValue: raw).rawValue == raw)
        }
    }
}
