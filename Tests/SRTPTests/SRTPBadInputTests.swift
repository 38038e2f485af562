import NIOCore
import SRTP
import TestSupport
import Testing

/// Hostile input through unprotect (and protect) never traps: every
/// outcome is success or a typed `SRTPError`.
@Suite struct SRTPBadInputTests {
    /// Unprotects `bytes` as RTP or RTCP; returns the error, nil on success.
    private func unprotect(_ bytes: [UInt8], rtcp: Bool, with context: SRTPContext) -> SRTPError? {
        var packet = ByteBuffer(bytes: bytes)
        do throws(SRTPError) {
            if rtcp { try context.unprotectRTCP(&packet) } else { try context.unprotect(rtp: &packet) }
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func truncationsAndCorruptionsAllFail(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile)
        var random = SeededRandom(seed: 0xBAD)
        var rtp = ByteBuffer(bytes: TestPackets.rtp(sequenceNumber: 3, payload: random.bytes(60)))
        try client.protect(rtp: &rtp)
        var rtcp = ByteBuffer(bytes: TestPackets.senderReport())
        try client.protectRTCP(&rtcp)

        for (valid, isRTCP) in [(rtp.bytes, false), (rtcp.bytes, true)] {
            for truncated in Mutations.truncations(of: valid) {
                #expect(unprotect(truncated, rtcp: isRTCP, with: server) != nil, "length \(truncated.count)")
            }
            // Every byte is authenticated, so any change fails.
            for corrupted in Mutations.corruptions(of: valid, count: 300, using: &random) where corrupted != valid {
                #expect(unprotect(corrupted, rtcp: isRTCP, with: server) != nil, "\(hexString(corrupted))")
            }
            // Untouched, the packet still passes after all that.
            #expect(unprotect(valid, rtcp: isRTCP, with: server) == nil)
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func garbageFails(profile: SRTPProfile) throws {
        let (_, server) = try TestPackets.endpoints(profile)
        var random = SeededRandom(seed: 0x6A7B)
        for garbage in Mutations.garbage(count: 400, maxLength: 300, using: &random) {
            #expect(unprotect(garbage, rtcp: false, with: server) != nil)
            #expect(unprotect(garbage, rtcp: true, with: server) != nil)
        }
        // RTP-looking garbage: version 2, random everything else.
        for var garbage in Mutations.garbage(count: 400, maxLength: 200, using: &random) where !garbage.isEmpty {
            garbage[0] = 0x80 | (garbage[0] & 0x3F)
            #expect(unprotect(garbage, rtcp: false, with: server) != nil)
        }
    }

    @Test func garbageThroughProtectNeverTraps() throws {
        let (client, _) = try TestPackets.endpoints(.aeadAES128GCM)
        var random = SeededRandom(seed: 0x9A7)
        for garbage in Mutations.garbage(count: 300, maxLength: 200, using: &random) {
            for rtcp in [false, true] {
                var packet = ByteBuffer(bytes: garbage)
                do throws(SRTPError) {
                    if rtcp { try client.protectRTCP(&packet) } else { try client.protect(rtp: &packet) }
                } catch {
                    #expect(packet.bytes == garbage)  // a failed protect leaves the buffer as it was
                }
            }
        }
    }

    @Test func shortPacketsNameTheMinimum() throws {
        let (client, server) = try TestPackets.endpoints(.aeadAES128GCM)
        var empty = ByteBuffer()
        #expect(throws: SRTPError.bufferTooSmall(length: 0, minimum: 12)) { try client.protect(rtp: &empty) }
        var seven = ByteBuffer(bytes: Array(repeating: 0x80, count: 7))
        #expect(throws: SRTPError.bufferTooSmall(length: 7, minimum: 8)) { try client.protectRTCP(&seven) }
        var header = ByteBuffer(bytes: TestPackets.rtp(sequenceNumber: 1, payload: Array(repeating: 0, count: 15)))
        #expect(throws: SRTPError.bufferTooSmall(length: 27, minimum: 28)) { try server.unprotect(rtp: &header) }
        var rtcp = ByteBuffer(bytes: Array(TestPackets.senderReport()[0..<27]))
        #expect(throws: SRTPError.bufferTooSmall(length: 27, minimum: 28)) { try server.unprotectRTCP(&rtcp) }
    }

    @Test func headerClaimingMoreThanThePacketIsABadParameter() throws {
        let (client, server) = try TestPackets.endpoints(.aes128CMHMACSHA1_80)
        // CC=15 claims 60 bytes of CSRCs that a 30-byte packet does not have.
        var lying = TestPackets.rtp(sequenceNumber: 1, payload: Array(repeating: 0, count: 18))
        lying[0] = 0x8F
        var packet = ByteBuffer(bytes: lying)
        #expect(throws: SRTPError.badParameter) { try server.unprotect(rtp: &packet) }
        var outbound = ByteBuffer(bytes: lying)
        #expect(throws: SRTPError.badParameter) { try client.protect(rtp: &outbound) }
    }
}
