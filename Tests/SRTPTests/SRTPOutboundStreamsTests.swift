import NIOCore
import Testing

@testable import SRTP

/// RTP protected through per-SSRC outbound sessions must be what the peer's
/// one `ssrc_any_inbound` session unprotects, whatever the SSRC.
@Suite struct SRTPOutboundStreamsTests {
    static func pair() throws -> (sender: SRTPContext, receiver: SRTPContext) {
        let material = [UInt8]((0..<UInt8(SRTPProfile.aeadAES128GCM.keyingMaterialLength)).map { $0 &* 7 &+ 3 })
        let sender = try SRTPContext(exportedKeyingMaterial: material, profile: .aeadAES128GCM, role: .client)
        let receiver = try SRTPContext(exportedKeyingMaterial: material, profile: .aeadAES128GCM, role: .server)
        return (sender, receiver)
    }

    static func packet(ssrc: UInt32, sequenceNumber: UInt16) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(200)
        buffer.writeInteger(UInt8(0x80))
        buffer.writeInteger(UInt8(96))
        buffer.writeInteger(sequenceNumber)
        buffer.writeInteger(UInt32(1_000) &* UInt32(sequenceNumber))
        buffer.writeInteger(ssrc)
        buffer.writeRepeatingByte(UInt8(truncatingIfNeeded: ssrc), count: 100)
        return buffer
    }

    @Test func packetsOfManySSRCsInterleavedRoundTrip() throws {
        let (sender, receiver) = try Self.pair()
        for sequenceNumber in UInt16(1)...20 {
            for ssrc in [UInt32(0x1111), 0x2222, 0x3333] {
                let plain = Self.packet(ssrc: ssrc, sequenceNumber: sequenceNumber)
                var packet = plain
                try sender.protect(rtp: &packet)
                #expect(packet != plain)
                try receiver.unprotect(rtp: &packet)
                #expect(packet == plain)
            }
        }
        #expect(sender.outboundStreams.sessions.count == 3)
        #expect(sender.outboundCounters.rtpProtectedPackets == 60)
    }

    @Test func pastTheLimitTheSharedSessionProtects() throws {
        let material = [UInt8](repeating: 9, count: SRTPProfile.aeadAES128GCM.keyingMaterialLength)
        let keys = try SRTPKeyingMaterial(exported: material, profile: .aeadAES128GCM, role: .client)
        let streams = SRTPOutboundStreams(profile: .aeadAES128GCM, masterKey: keys.local, options: .init(), limit: 1)
        #expect(streams.session(for: 1) != nil)
        #expect(streams.session(for: 1) === streams.session(for: 1))
        #expect(streams.session(for: 2) == nil)
    }
}
