import NIOCore
import RTP
import Testing
import TestSupport

@Suite struct HeaderExtensionValueTests {
    static func encoded(_ value: some RTPHeaderExtensionValue) -> [UInt8] {
        var out = ByteBuffer()
        value.write(into: &out)
        return bytes(out)
    }

    @Test func audioLevel() throws {
        // RFC 6464 §3: V=1, level 42 -dBov.
        let value = try AudioLevelExtension(parsing: buffer("aa  // V=1 level=0x2a"))
        #expect(value.voiceActivity)
        #expect(value.level == 42)
        #expect(Self.encoded(value) == [0xAA])
        #expect(Self.encoded(AudioLevelExtension(voiceActivity: false, level: 127)) == [0x7F])
        #expect(AudioLevelExtension(voiceActivity: false, level: 0xFF).level == 127)
    }

    @Test func transportSequenceNumber() throws {
        let value = try TransportSequenceNumberExtension(parsing: buffer("ab cd"))
        #expect(value.sequenceNumber == 0xABCD)
        #expect(Self.encoded(value) == [0xAB, 0xCD])
    }

    @Test func absoluteSendTime() throws {
        // 6.18 fixed point: 0x040000 is 1 second, 0x020000 half a second.
        let value = try AbsoluteSendTimeExtension(parsing: buffer("04 00 00"))
        #expect(value.rawValue == 0x04_0000)
        #expect(value.nanoseconds == 1_000_000_000)
        #expect(Self.encoded(value) == [0x04, 0x00, 0x00])
        #expect(AbsoluteSendTimeExtension(nanoseconds: 500_000_000).rawValue == 0x02_0000)
        #expect(AbsoluteSendTimeExtension(nanoseconds: 65_000_000_000).rawValue == 0x04_0000, "wraps every 64 s")
        #expect(AbsoluteSendTimeExtension(nanoseconds: UInt64.max).rawValue <= 0xFF_FFFF)
        #expect(Self.encoded(AbsoluteSendTimeExtension(rawValue: 0xFF_FFFF)) == [0xFF, 0xFF, 0xFF])
    }

    @Test func sdesIdentifiers() throws {
        let mid = try SDESStringExtension(parsing: buffer("61 75 64 69 6f  // \"audio\""))
        #expect(mid.value == "audio")
        #expect(Self.encoded(mid) == Array("audio".utf8))
        #expect(SDESStringExtension("h").encodedLength == 1)
        // A RID in an RTP packet, read through the header (id 10, one-byte form).
        let fields = RTPPacketFields(
            payloadType: 96, sequenceNumber: 1, timestamp: 1, ssrc: 1,
            headerExtension: .elements([SDESStringExtension("hi").element(id: 10)]))
        let packet = try fields.encoded()
        let header = try RTPHeader(parsing: packet)
        #expect(header.extensionProfile == .oneByte)
        #expect(try header.extensionValue(SDESStringExtension.self, id: 10, in: packet)?.value == "hi")
    }

    @Test func videoOrientation() throws {
        let value = try VideoOrientationExtension(parsing: buffer("0e  // C=1 F=1 R=2"))
        #expect(value.isBackCamera)
        #expect(value.isFlipped)
        #expect(value.rotation == 2)
        #expect(value.rotationDegrees == 180)
        #expect(Self.encoded(value) == [0x0E])
        #expect(Self.encoded(VideoOrientationExtension(rotation: 3)) == [0x03])
    }

    @Test func multiplexing() {
        // RFC 7983: 128-191 is RTP/RTCP; STUN (0-3) and DTLS (20-63) are not.
        #expect(RTPMultiplexing.isRTPOrRTCP(firstByte: 128))
        #expect(RTPMultiplexing.isRTPOrRTCP(firstByte: 191))
        #expect(!RTPMultiplexing.isRTPOrRTCP(firstByte: 127))
        #expect(!RTPMultiplexing.isRTPOrRTCP(firstByte: 192))
        #expect(!RTPMultiplexing.isRTPOrRTCP(firstByte: 0x16))
        // RFC 5761 §4: RTCP packet types 192-223 (SR 200, RR 201, ...).
        #expect(RTPMultiplexing.isRTCP(firstByte: 0x80, secondByte: 200))
        #expect(RTPMultiplexing.isRTCP(firstByte: 0x81, secondByte: 192))
        #expect(RTPMultiplexing.isRTCP(firstByte: 0x81, secondByte: 223))
        #expect(!RTPMultiplexing.isRTCP(firstByte: 0x80, secondByte: 224))
        #expect(!RTPMultiplexing.isRTCP(firstByte: 0x80, secondByte: 0xE0), "RTP PT 96 with marker")
        #expect(!RTPMultiplexing.isRTCP(firstByte: 0x80, secondByte: 63))
        #expect(!RTPMultiplexing.isRTCP(firstByte: 0x16, secondByte: 200), "DTLS first byte")
        #expect(RTPMultiplexing.isRTCP(buffer("81 c9 00 01")))
        #expect(!RTPMultiplexing.isRTCP(buffer("80 e0 00 01")))
        #expect(RTPMultiplexing.isRTP(buffer("80 e0 00 01")))
        #expect(!RTPMultiplexing.isRTP(buffer("81 c9 00 01")))
        #expect(!RTPMultiplexing.isRTCP(buffer("81")))
        #expect(!RTPMultiplexing.isRTP(ByteBuffer()))
    }

    @Test func payloadIsAViewNotACopy() throws {
        let packet = try RTPPacket(parsing: buffer(InPlaceRewriteTests.vp8Packet))
        let payload = packet.payload
        let packetBase = packet.buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let payloadBase = payload.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(payloadBase == packetBase + UInt(packet.header.payloadRange.lowerBound))
        #expect(packet.payloadIndex == packet.header.payloadRange.lowerBound)
        let value = try #require(packet.extensionValue(id: 3))
        let valueBase = value.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(valueBase == packetBase + UInt(try #require(packet.header.extensionValueRange(id: 3, in: packet.buffer)).lowerBound))
    }
}
