import NIOCore
import SRTP
import TestSupport
import Testing

/// Two endpoints keyed from the same exported material, as after a DTLS
/// handshake: what one protects the other unprotects to the same bytes.
@Suite struct SRTPRoundTripTests {
    @Test(arguments: SRTPProfile.allCases)
    func rtpBothWays(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile)
        var random = SeededRandom(seed: 0x5157)
        for index in 0..<200 {
            let payload = random.bytes(Int.random(in: 0...1_200, using: &random))
            let plain = TestPackets.rtp(sequenceNumber: UInt16(1_000 + index), payload: payload)
            for (sender, receiver) in [(client, server), (server, client)] {
                var packet = ByteBuffer(bytes: plain)
                try sender.protect(rtp: &packet)
                #expect(packet.readableBytes == plain.count + profile.rtpOverhead)
                // The header stays in the clear; the payload does not.
                #expect(Array(packet.bytes[0..<12]) == Array(plain[0..<12]))
                if payload.count >= 8 { #expect(Array(packet.bytes[12..<20]) != Array(plain[12..<20])) }
                try receiver.unprotect(rtp: &packet)
                #expect(packet.bytes == plain)
            }
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func rtcpBothWays(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile)
        for count in 0..<50 {
            let plain = TestPackets.senderReport(packetCount: UInt32(count))
            for (sender, receiver) in [(client, server), (server, client)] {
                var packet = ByteBuffer(bytes: plain)
                try sender.protectRTCP(&packet)
                #expect(packet.readableBytes == plain.count + profile.rtcpOverhead)
                #expect(Array(packet.bytes[0..<8]) == Array(plain[0..<8]))
                try receiver.unprotectRTCP(&packet)
                #expect(packet.bytes == plain)
            }
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func sameSideCannotReadItsOwnPackets(profile: SRTPProfile) throws {
        // Each direction has its own key: a reflected packet fails.
        let (client, _) = try TestPackets.endpoints(profile)
        var packet = ByteBuffer(bytes: TestPackets.rtp(sequenceNumber: 1, payload: [1, 2, 3, 4]))
        try client.protect(rtp: &packet)
        #expect(throws: SRTPError.authenticationFailed) { try client.unprotect(rtp: &packet) }
    }

    @Test func manySSRCsThroughOneSession() throws {
        let (client, server) = try TestPackets.endpoints(.aeadAES128GCM)
        for ssrc: UInt32 in [1, 2, 0xFFFF_FFFF, 0x8000_0000] {
            for sequenceNumber: UInt16 in [7, 8, 9] {
                let plain = TestPackets.rtp(sequenceNumber: sequenceNumber, ssrc: ssrc, payload: [9, 9, 9])
                var packet = ByteBuffer(bytes: plain)
                try client.protect(rtp: &packet)
                try server.unprotect(rtp: &packet)
                #expect(packet.bytes == plain)
            }
        }
    }

    @Test func protectUsesSpareCapacityInPlace() throws {
        let (client, server) = try TestPackets.endpoints(.aeadAES128GCM)
        let plain = TestPackets.rtp(sequenceNumber: 1, payload: Array(repeating: 0x42, count: 1_000))
        var packet = ByteBuffer()
        packet.reserveCapacity(plain.count + SRTPSession.maximumTrailerLength)
        packet.writeBytes(plain)
        let capacity = packet.capacity
        let before = packet.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        try client.protect(rtp: &packet)
        let after = packet.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(before == after)
        #expect(packet.capacity == capacity)
        try server.unprotect(rtp: &packet)
        #expect(packet.bytes == plain)
        #expect(packet.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } == before)
    }

    @Test func protectGrowsATightBuffer() throws {
        let (client, server) = try TestPackets.endpoints(.aes128CMHMACSHA1_80)
        let plain = TestPackets.rtp(sequenceNumber: 1, payload: [1, 2, 3])
        var packet = ByteBuffer(bytes: plain)
        try client.protect(rtp: &packet)
        #expect(packet.readableBytes == plain.count + 10)
        try server.unprotect(rtp: &packet)
        #expect(packet.bytes == plain)
    }

    @Test func packetAfterConsumedBytesAndSharedStorage() throws {
        let (client, server) = try TestPackets.endpoints(.aeadAES128GCM)
        let plain = TestPackets.rtp(sequenceNumber: 77, payload: [5, 6, 7, 8, 9])
        var buffer = ByteBuffer(bytes: [0xEE, 0xEE, 0xEE] + plain)
        buffer.moveReaderIndex(forwardBy: 3)
        let shared = buffer  // copy-on-write: protecting must not change this one
        try client.protect(rtp: &buffer)
        #expect(shared.bytes == plain)
        #expect(buffer.readableBytes == plain.count + 16)
        let sharedCiphertext = buffer
        try server.unprotect(rtp: &buffer)
        #expect(buffer.bytes == plain)
        #expect(sharedCiphertext.readableBytes == plain.count + 16)
        #expect(sharedCiphertext.bytes != buffer.bytes)
    }

    @Test func countersTrackPacketsBytesAndFailures() throws {
        let (client, server) = try TestPackets.endpoints(.aes128CMHMACSHA1_80)
        let plain = TestPackets.rtp(sequenceNumber: 10, payload: Array(repeating: 1, count: 88))  // 100 bytes
        var packet = ByteBuffer(bytes: plain)
        try client.protect(rtp: &packet)
        let protected = packet
        try server.unprotect(rtp: &packet)
        var replay = protected
        #expect(throws: SRTPError.replayed) { try server.unprotect(rtp: &replay) }
        var rtcp = ByteBuffer(bytes: TestPackets.senderReport())  // 28 bytes
        try client.protectRTCP(&rtcp)
        try server.unprotectRTCP(&rtcp)
        var forged = protected
        forged.setInteger(UInt8(0xFF), at: 20)
        // Another sequence number so the replay check passes and the tag fails.
        forged.setInteger(UInt16(11), at: 2)
        #expect(throws: SRTPError.authenticationFailed) { try server.unprotect(rtp: &forged) }
        var short = ByteBuffer(bytes: [0x80, 0x60])
        #expect(throws: SRTPError.bufferTooSmall(length: 2, minimum: 22)) { try server.unprotect(rtp: &short) }

        let sent = client.outboundCounters
        #expect(sent.rtpProtectedPackets == 1)
        #expect(sent.rtpProtectedBytes == 110)
        #expect(sent.rtcpProtectedPackets == 1)
        #expect(sent.rtcpProtectedBytes == 42)
        let received = server.inbound.counters
        #expect(received.rtpUnprotectedPackets == 1)
        #expect(received.rtpUnprotectedBytes == 110)
        #expect(received.rtcpUnprotectedPackets == 1)
        #expect(received.rtcpUnprotectedBytes == 42)
        #expect(received.replayFailures == 1)
        #expect(received.authenticationFailures == 1)
        #expect(received.malformedPackets == 1)
        #expect(received.otherFailures == 0)
    }
}
