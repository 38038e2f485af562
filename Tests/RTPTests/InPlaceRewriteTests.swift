import NIOCore
import RTP
import Testing
import TestSupport

/// The forwarder's per-packet rewrites: bytes change in place, a fresh
/// parse sees the new values, and the payload stays as it was.
@Suite struct InPlaceRewriteTests {
    /// A VP8 packet with one-byte extensions (audio level id 1, transport
    /// sequence number id 3) and padding.
    static let vp8Packet = """
        b0          // V=2 P=1 X=1 CC=0
        e0          // M=1 PT=96
        00 10       // sequence number 16
        00 00 10 00 // timestamp 4096
        11 22 33 44 // SSRC
        be de 00 02 // one-byte form, 2 words
        10 85       // ID=1 L=0: audio level V=1 level=5
        31 00 2a    // ID=3 L=1: transport sequence number 42
        00 00 00    // padding
        90          // VP8: X=1 S=1 PID=0
        e0          // I=1 L=1 T=1
        ff fe       // M=1 PictureID=0x7ffe
        09          // TL0PICIDX=9
        40          // TID=1
        10 02 00 9d 01 2a // VP8 key frame header
        00 00 03    // RTP padding: 3 bytes
        """

    @Test func rewriteHeaderFields() throws {
        let original = buffer(Self.vp8Packet)
        var packet = original
        var header = try RTPHeader(parsing: packet)
        let payloadBefore = try #require(header.payload(in: packet).map(bytes))

        header.setSSRC(0xCAFE_BABE, in: &packet)
        header.setSequenceNumber(0xFFFF, in: &packet)
        header.setTimestamp(0x8000_0001, in: &packet)
        header.setPayloadType(100, in: &packet)
        #expect(header.marker, "setting PT keeps the marker")
        header.setMarker(false, in: &packet)
        #expect(header.payloadType == 100, "setting the marker keeps PT")

        let fresh = try RTPHeader(parsing: packet)
        #expect(fresh == header)
        #expect(fresh.ssrc == 0xCAFE_BABE)
        #expect(fresh.sequenceNumber == 0xFFFF)
        #expect(fresh.timestamp == 0x8000_0001)
        #expect(fresh.payloadType == 100)
        #expect(!fresh.marker)
        #expect(fresh.payload(in: packet).map(bytes) == payloadBefore)
        #expect(bytes(packet)[12...] == bytes(original)[12...], "nothing after the fixed header moved")
        #expect(bytes(original) == hexBytes(Self.vp8Packet), "the original buffer is untouched (copy-on-write)")
    }

    @Test func rewriteExtensionValues() throws {
        var packet = buffer(Self.vp8Packet)
        let header = try RTPHeader(parsing: packet)
        #expect(try header.extensionValue(AudioLevelExtension.self, id: 1, in: packet) == .init(voiceActivity: true, level: 5))
        #expect(try header.extensionValue(TransportSequenceNumberExtension.self, id: 3, in: packet)?.sequenceNumber == 42)

        try header.setExtensionValue(id: 3, to: TransportSequenceNumberExtension(sequenceNumber: 0xBEEF), in: &packet)
        try header.setExtensionValue(id: 1, to: [0x7F], in: &packet)
        let fresh = try RTPHeader(parsing: packet)
        #expect(try fresh.extensionValue(TransportSequenceNumberExtension.self, id: 3, in: packet)?.sequenceNumber == 0xBEEF)
        #expect(try fresh.extensionValue(AudioLevelExtension.self, id: 1, in: packet) == .init(voiceActivity: false, level: 127))
        #expect(fresh.payload(in: packet).map(bytes) == header.payload(in: buffer(Self.vp8Packet)).map(bytes))

        #expect(throws: RTPError.extensionLengthMismatch(id: 3, present: 2, given: 1)) {
            try header.setExtensionValue(id: 3, to: [1], in: &packet)
        }
        #expect(throws: RTPError.extensionNotFound(id: 2)) {
            try header.setExtensionValue(id: 2, to: [1], in: &packet)
        }
        var plain = buffer(RFC3550HeaderTests.simple)
        let plainHeader = try RTPHeader(parsing: plain)
        #expect(throws: RTPError.extensionNotFound(id: 1)) {
            try plainHeader.setExtensionValue(id: 1, to: [1], in: &plain)
        }
    }

    @Test func rewriteVP8PictureIDAndTL0PictureIndex() throws {
        var packet = try RTPPacket(parsing: buffer(Self.vp8Packet))
        let payloadBefore = bytes(packet.payload)
        var descriptor = try VP8PayloadDescriptor(parsing: packet.payload)
        #expect(descriptor.pictureID == 0x7FFE)
        #expect(descriptor.startsKeyframe(payload: packet.payload))

        packet.rewritePayload { buffer, index in
            descriptor.setPictureID(0x7FFF, in: &buffer, payloadIndex: index)
            descriptor.setTL0PictureIndex(200, in: &buffer, payloadIndex: index)
        }
        var fresh = try VP8PayloadDescriptor(parsing: packet.payload)
        #expect(fresh.pictureID == 0x7FFF)
        #expect(fresh.tl0PictureIndex == 200)
        #expect(fresh == descriptor)

        // 15-bit wrap: 0x7FFF + 1 is 0, and the width stays 2 bytes.
        packet.rewritePayload { buffer, index in
            descriptor.setPictureID(descriptor.pictureID! &+ 1, in: &buffer, payloadIndex: index)
        }
        fresh = try VP8PayloadDescriptor(parsing: packet.payload)
        #expect(fresh.pictureID == 0)
        #expect(fresh.hasLongPictureID)
        #expect(fresh.length == 6)
        var after = bytes(packet.payload)
        #expect(after[2...3] == [0x80, 0x00])
        after[2...4] = payloadBefore[2...4]
        #expect(after == payloadBefore, "only the picture ID and TL0PICIDX bytes changed")
        #expect(try RTPHeader(parsing: packet.buffer) == packet.header)
    }

    @Test func sevenBitPictureIDWraps() throws {
        var payload = buffer(RFC7741TestVectors.shortPictureID)
        var descriptor = try VP8PayloadDescriptor(parsing: payload)
        descriptor.setPictureID(0x7F, in: &payload, payloadIndex: payload.readerIndex)
        #expect(try VP8PayloadDescriptor(parsing: payload).pictureID == 0x7F)
        descriptor.setPictureID(0x7F + 1, in: &payload, payloadIndex: payload.readerIndex)
        let fresh = try VP8PayloadDescriptor(parsing: payload)
        #expect(fresh.pictureID == 0)
        #expect(!fresh.hasLongPictureID)
        #expect(bytes(payload)[3...] == hexBytes(RFC7741TestVectors.shortPictureID)[3...])
        #expect(!descriptor.setTL0PictureIndex(1, in: &payload, payloadIndex: 0), "no TL0PICIDX to rewrite")
        var minimal = try VP8PayloadDescriptor(parsing: buffer(RFC7741TestVectors.minimal))
        var minimalBytes = buffer(RFC7741TestVectors.minimal)
        #expect(!minimal.setPictureID(1, in: &minimalBytes, payloadIndex: 0))
        #expect(bytes(minimalBytes) == hexBytes(RFC7741TestVectors.minimal))
    }

    @Test func rewriteVP9PictureIDAndTL0PictureIndex() throws {
        var payload = buffer(RFC9628TestVectors.keyframeWithSS)
        var descriptor = try VP9PayloadDescriptor(parsing: payload)
        descriptor.setPictureID(0x8000 + 5, in: &payload, payloadIndex: 0)
        descriptor.setTL0PictureIndex(0xAB, in: &payload, payloadIndex: 0)
        let fresh = try VP9PayloadDescriptor(parsing: payload)
        #expect(fresh.pictureID == 5)
        #expect(fresh.tl0PictureIndex == 0xAB)
        #expect(fresh == descriptor)
        #expect(bytes(payload)[5...] == hexBytes(RFC9628TestVectors.keyframeWithSS)[5...])

        var flexible = buffer(RFC9628TestVectors.flexibleInterFrame)
        var flexibleDescriptor = try VP9PayloadDescriptor(parsing: flexible)
        flexibleDescriptor.setPictureID(0x80, in: &flexible, payloadIndex: 0)
        #expect(try VP9PayloadDescriptor(parsing: flexible).pictureID == 0, "7-bit wrap")
        #expect(!flexibleDescriptor.setTL0PictureIndex(1, in: &flexible, payloadIndex: 0))
    }

    @Test func packetViewSettersAndCopyOnWrite() throws {
        let packet = try RTPPacket(parsing: buffer(Self.vp8Packet))
        var out = packet
        out.ssrc = 7
        out.sequenceNumber = 8
        out.timestamp = 9
        out.payloadType = 111
        out.marker = false
        try out.setExtensionValue(id: 1, to: AudioLevelExtension(voiceActivity: false, level: 1))
        let fresh = try RTPPacket(parsing: out.buffer)
        #expect(fresh.ssrc == 7)
        #expect(fresh.sequenceNumber == 8)
        #expect(fresh.timestamp == 9)
        #expect(fresh.payloadType == 111)
        #expect(!fresh.marker)
        #expect(try fresh.extensionValue(AudioLevelExtension.self, id: 1)?.level == 1)
        #expect(fresh.payload == packet.payload)
        #expect(packet.ssrc == 0x1122_3344)
        #expect(bytes(packet.buffer) == hexBytes(Self.vp8Packet), "the source packet is untouched")
    }

    @Test func rewriteWritesIntoTheSameStorage() throws {
        var packet = try RTPPacket(parsing: buffer(Self.vp8Packet))
        let before = packet.buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        packet.sequenceNumber = 1
        packet.ssrc = 2
        let after = packet.buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(before == after, "a uniquely held buffer is rewritten without a copy")
    }
}
