import NIOCore
import SRTP
import TestSupport

/// Plain RTP and RTCP packets and SRTP endpoint pairs for the tests.
enum TestPackets {
    /// An RTP packet (RFC 3550 section 5.1): V=2, no padding, extension or
    /// CSRCs, payload type 96, then `payload`.
    static func rtp(sequenceNumber: UInt16, timestamp: UInt32 = 0x1234_5678, ssrc: UInt32 = 0xCAFE_BABE,
                    payload: [UInt8]) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0x80))
        buffer.writeInteger(UInt8(96))
        buffer.writeInteger(sequenceNumber)
        buffer.writeInteger(timestamp)
        buffer.writeInteger(ssrc)
        buffer.writeBytes(payload)
        return Array(buffer.readableBytesView)
    }

    /// An RTCP sender report (RFC 3550 section 6.4.1) with no report blocks.
    static func senderReport(ssrc: UInt32 = 0xCAFE_BABE, ntp: UInt64 = 0xE000_0000_8000_0000,
                             packetCount: UInt32 = 7) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0x80))
        buffer.writeInteger(UInt8(200))
        buffer.writeInteger(UInt16(6))  // length in words minus one
        buffer.writeInteger(ssrc)
        buffer.writeInteger(ntp)
        buffer.writeInteger(UInt32(90_000))
        buffer.writeInteger(packetCount)
        buffer.writeInteger(UInt32(packetCount * 1_000))
        return Array(buffer.readableBytesView)
    }

    /// Random exported keying material of the profile's length.
    static func exportedMaterial(_ profile: SRTPProfile, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        return random.bytes(profile.keyingMaterialLength)
    }

    /// The DTLS client's and server's contexts from the same exported
    /// material, as after one handshake.
    static func endpoints(
        _ profile: SRTPProfile, seed: UInt64 = 1,
        inboundOptions: SRTPSession.Options = SRTPSession.Options()
    ) throws -> (client: SRTPContext, server: SRTPContext) {
        let material = exportedMaterial(profile, seed: seed)
        let client = try SRTPContext(exportedKeyingMaterial: material, profile: profile, role: .client,
                                     inboundOptions: inboundOptions)
        let server = try SRTPContext(exportedKeyingMaterial: material, profile: profile, role: .server,
                                     inboundOptions: inboundOptions)
        return (client, server)
    }
}

extension ByteBuffer {
    /// The readable bytes as an array.
    var bytes: [UInt8] { Array(readableBytesView) }
}
