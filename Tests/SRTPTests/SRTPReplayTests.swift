import NIOCore
import SRTP
import TestSupport
import Testing

/// Authentication, replay protection, reordering and rollover (RFC 3711
/// sections 3.3.1 and 3.3.2).
@Suite struct SRTPReplayTests {
    /// Protected copies of RTP packets with the given sequence numbers.
    private func protect(_ sequenceNumbers: [UInt16], with context: SRTPContext,
                         ssrc: UInt32 = 0xCAFE_BABE) throws -> [(plain: [UInt8], protected: ByteBuffer)] {
        try sequenceNumbers.map { sequenceNumber in
            let plain = TestPackets.rtp(sequenceNumber: sequenceNumber, ssrc: ssrc,
                                        payload: Array(repeating: UInt8(truncatingIfNeeded: sequenceNumber), count: 40))
            var packet = ByteBuffer(bytes: plain)
            try context.protect(rtp: &packet)
            return (plain, packet)
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func flippedBytesFailAuthentication(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile)
        let packets = try protect([1], with: client)
        let original = packets[0].protected
        // A bit flipped in the header (timestamp), the payload, and the tag.
        for offset in [5, 12, 30, original.readableBytes - 1, original.readableBytes - profile.rtpOverhead] {
            var corrupted = ByteBuffer(bytes: original.bytes)
            corrupted.setInteger(corrupted.getInteger(at: offset, as: UInt8.self)! ^ 0x01, at: offset)
            #expect(throws: SRTPError.authenticationFailed) { try server.unprotect(rtp: &corrupted) }
        }
        // The genuine packet still passes after the forgeries.
        var genuine = ByteBuffer(bytes: original.bytes)
        try server.unprotect(rtp: &genuine)
        #expect(genuine.bytes == packets[0].plain)
    }

    @Test(arguments: SRTPProfile.allCases)
    func flippedRTCPBytesFailAuthentication(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile)
        var protected = ByteBuffer(bytes: TestPackets.senderReport())
        try client.protectRTCP(&protected)
        // Sender info, the E flag and index, and the last byte of the tag.
        let indexOffset = protected.readableBytes - profile.rtcpOverhead
        for offset in [10, indexOffset + 3, protected.readableBytes - 1] {
            var corrupted = ByteBuffer(bytes: protected.bytes)
            corrupted.setInteger(corrupted.getInteger(at: offset, as: UInt8.self)! ^ 0x80, at: offset)
            #expect(throws: SRTPError.authenticationFailed) { try server.unprotectRTCP(&corrupted) }
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func samePacketTwiceIsReplayed(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile)
        let packets = try protect([100], with: client)
        var first = packets[0].protected
        var second = packets[0].protected
        try server.unprotect(rtp: &first)
        #expect(throws: SRTPError.replayed) { try server.unprotect(rtp: &second) }

        var rtcp = ByteBuffer(bytes: TestPackets.senderReport())
        try client.protectRTCP(&rtcp)
        var rtcpAgain = rtcp
        try server.unprotectRTCP(&rtcp)
        #expect(throws: SRTPError.replayed) { try server.unprotectRTCP(&rtcpAgain) }
    }

    @Test(arguments: SRTPProfile.allCases)
    func outOfOrderWithinTheWindowIsAccepted(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile)
        let packets = try protect(Array(1...100), with: client)
        // Newest first, then the rest backwards: all inside 128 packets.
        for index in [99, 50, 98, 0, 1, 97] + Array((2..<50).reversed()) {
            var packet = packets[index].protected
            try server.unprotect(rtp: &packet)
            #expect(packet.bytes == packets[index].plain)
        }
    }

    @Test func packetOlderThanTheWindowIsReplayed() throws {
        let (client, server) = try TestPackets.endpoints(.aeadAES128GCM)
        let packets = try protect(Array(1...300), with: client)
        var newest = packets[299].protected  // sequence number 300
        try server.unprotect(rtp: &newest)
        var old = packets[9].protected  // 290 behind: outside the default 128
        #expect(throws: SRTPError.replayed) { try server.unprotect(rtp: &old) }
        var recent = packets[200].protected  // 99 behind: inside
        try server.unprotect(rtp: &recent)
        #expect(server.inbound.counters.replayFailures == 1)
    }

    @Test func largerWindowAcceptsLateRetransmissions() throws {
        let (client, server) = try TestPackets.endpoints(
            .aeadAES128GCM, inboundOptions: SRTPSession.Options(replayWindowSize: 1_024))
        let packets = try protect(Array(1...1_000), with: client)
        var newest = packets[999].protected
        try server.unprotect(rtp: &newest)
        var late = packets[9].protected  // 990 behind: inside 1024
        try server.unprotect(rtp: &late)
        #expect(late.bytes == packets[9].plain)
    }

    @Test func replayWindowSizeIsChecked() throws {
        let key = try SRTPKeyingMaterial(exported: TestPackets.exportedMaterial(.aeadAES128GCM, seed: 3),
                                         profile: .aeadAES128GCM, role: .server)
        for size in [0, 63, 0x8000, -1] {
            #expect(throws: SRTPError.badParameter) {
                try SRTPSession(direction: .inbound, profile: .aeadAES128GCM, masterKey: key.remote,
                                options: SRTPSession.Options(replayWindowSize: size))
            }
        }
        for size in [64, 128, 1_024, 0x7FFF] {
            _ = try SRTPSession(direction: .inbound, profile: .aeadAES128GCM, masterKey: key.remote,
                                options: SRTPSession.Options(replayWindowSize: size))
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func sequenceNumberRolloverKeepsDecrypting(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile)
        let sequenceNumbers: [UInt16] = Array(65_520...65_535) + Array(0...20)
        let packets = try protect(sequenceNumbers, with: client)
        for (plain, protected) in packets {
            var packet = protected
            try server.unprotect(rtp: &packet)
            #expect(packet.bytes == plain)
        }
        // After the rollover counter moved to 1, an old packet of ROC 0 that
        // was already seen is still a replay.
        var replayed = packets[15].protected  // 65535
        #expect(throws: SRTPError.replayed) { try server.unprotect(rtp: &replayed) }
    }

    @Test(arguments: SRTPProfile.allCases)
    func reorderedAcrossTheRollover(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile)
        let packets = try protect([65_534, 65_535, 0, 1, 2], with: client)
        for index in [0, 3, 1, 4, 2] {
            var packet = packets[index].protected
            try server.unprotect(rtp: &packet)
            #expect(packet.bytes == packets[index].plain)
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func wrongKeysFail(profile: SRTPProfile) throws {
        let (client, _) = try TestPackets.endpoints(profile, seed: 1)
        let (_, stranger) = try TestPackets.endpoints(profile, seed: 2)
        var packet = try protect([5], with: client)[0].protected
        #expect(throws: SRTPError.authenticationFailed) { try stranger.unprotect(rtp: &packet) }
        var rtcp = ByteBuffer(bytes: TestPackets.senderReport())
        try client.protectRTCP(&rtcp)
        #expect(throws: SRTPError.authenticationFailed) { try stranger.unprotectRTCP(&rtcp) }
    }

    @Test func specificSSRCSessionRejectsOtherSSRCs() throws {
        let profile = SRTPProfile.aes128CMHMACSHA1_80
        let material = try SRTPKeyingMaterial(exported: TestPackets.exportedMaterial(profile, seed: 1),
                                              profile: profile, role: .server)
        let inbound = try SRTPSession(direction: .inbound, profile: profile, masterKey: material.remote,
                                      options: SRTPSession.Options(ssrc: 0x1111_1111))
        let (client, _) = try TestPackets.endpoints(profile, seed: 1)
        var known = try protect([1], with: client, ssrc: 0x1111_1111)[0]
        try inbound.unprotect(rtp: &known.protected)
        #expect(known.protected.bytes == known.plain)
        var unknown = try protect([1], with: client, ssrc: 0x2222_2222)[0].protected
        #expect(throws: SRTPError.noContext) { try inbound.unprotect(rtp: &unknown) }
        #expect(inbound.counters.otherFailures == 1)
    }

    @Test func repeatedTransmissionNeedsTheOption() throws {
        let profile = SRTPProfile.aeadAES128GCM
        let material = try SRTPKeyingMaterial(exported: TestPackets.exportedMaterial(profile, seed: 4),
                                              profile: profile, role: .client)
        let plain = TestPackets.rtp(sequenceNumber: 9, payload: [1, 2, 3, 4, 5])

        let strict = try SRTPSession(direction: .outbound, profile: profile, masterKey: material.local)
        var first = ByteBuffer(bytes: plain)
        try strict.protect(rtp: &first)
        var again = ByteBuffer(bytes: plain)
        #expect(throws: SRTPError.replayed) { try strict.protect(rtp: &again) }
        #expect(again.bytes == plain)  // left as it was

        let lenient = try SRTPSession(direction: .outbound, profile: profile, masterKey: material.local,
                                      options: SRTPSession.Options(allowRepeatTransmission: true))
        var one = ByteBuffer(bytes: plain)
        var two = ByteBuffer(bytes: plain)
        try lenient.protect(rtp: &one)
        try lenient.protect(rtp: &two)
        #expect(one == two)
        #expect(one == first)
    }
}
