import NIOCore
import SRTP
import Testing

/// AES-GCM runs on OpenSSL's EVP in place of libsrtp2's own (NSS on
/// Debian), installed only after passing its known answers and libsrtp2's.
/// The packet-level known answers (LibSRTPReferenceVectors) and the round
/// trips of every profile (SRTPRoundTripTests) run through it too.
@Suite struct OpenSSLGCMCipherTests {
    @Test func bothKeySizesAreReplaced() throws {
        _ = try TestPackets.endpoints(.aeadAES128GCM)
        #expect(SRTPCipherImplementation.aesGCMOnOpenSSL, "\(SRTPCipherImplementation.summary)")
        #expect(SRTPCipherImplementation.summary.hasPrefix("AES-GCM on OpenSSL"))
    }

    /// The tag is checked: one flipped bit in the encrypted payload or in
    /// the tag, at any payload length, is refused and counted, and the next
    /// genuine packet still opens.
    @Test(arguments: [SRTPProfile.aeadAES128GCM, .aeadAES256GCM])
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
