import NIOCore
import SRTP
import Testing

/// AES-GCM, AES-CM (and with it the key derivation of every profile) and
/// HMAC-SHA1 run on OpenSSL in place of libsrtp2's own (NSS on Debian),
/// each installed only after passing its known answers and libsrtp2's. The
/// packet-level known answers (LibSRTPReferenceVectors) and the round trips
/// of every profile (SRTPRoundTripTests) run through them too.
@Suite struct OpenSSLCipherTests {
    @Test func everyCipherIsReplaced() throws {
        _ = try TestPackets.endpoints(.aeadAES128GCM)
        #expect(SRTPCipherImplementation.onOpenSSL, "\(SRTPCipherImplementation.summary)")
        #expect(SRTPCipherImplementation.summary == "AES-GCM, AES-CM and HMAC-SHA1 on OpenSSL")
    }

    /// The tag is checked: one flipped bit in the encrypted payload or in
    /// the tag, at any payload length, is refused and counted, and the next
    /// genuine packet still opens.
    @Test(arguments: SRTPProfile.allCases)
    func aFlippedBitIsRefused(profile: SRTPProfile) throws {
        let (sender, receiver) = try TestPackets.endpoints(profile)
        var sequenceNumber: UInt16 = 100
        for length in [0, 1, 16, 17, 255, 1_188] {
            for flipInTag in [false, true] where length > 0 || flipInTag {
                let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                let plain = TestPackets.rtp(sequenceNumber: sequenceNumber, payload: payload)
                sequenceNumber += 1
                var packet = ByteBuffer(bytes: plain)
                try sender.protect(rtp: &packet)
                var tampered = packet
                let offset = flipInTag ? packet.writerIndex - 1 : 12 + length / 2
                tampered.setInteger(tampered.getInteger(at: offset, as: UInt8.self)! ^ 0x04, at: offset)
                #expect(throws: SRTPError.self) { try receiver.unprotect(rtp: &tampered) }
                try receiver.unprotect(rtp: &packet)
                #expect(packet.bytes == plain)
            }
        }
    }
}
