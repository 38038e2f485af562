import NIOCore
import SRTP
import TestSupport
import Testing

@Suite struct SRTPProfileTests {
    @Test func useSRTPIdentifiers() {
        // RFC 5764 section 4.1.2 and RFC 7714 section 14.2.
        #expect(SRTPProfile(useSRTPIdentifier: 0x0001) == .aes128CMHMACSHA1_80)
        #expect(SRTPProfile(useSRTPIdentifier: 0x0002) == .aes128CMHMACSHA1_32)
        #expect(SRTPProfile(useSRTPIdentifier: 0x0007) == .aeadAES128GCM)
        #expect(SRTPProfile(useSRTPIdentifier: 0x0008) == .aeadAES256GCM)
        for unsupported: UInt16 in [0x0000, 0x0005, 0x0006, 0x0009, 0xFFFF] {
            #expect(SRTPProfile(useSRTPIdentifier: unsupported) == nil)
        }
        for profile in SRTPProfile.allCases {
            #expect(SRTPProfile(useSRTPIdentifier: profile.useSRTPIdentifier) == profile)
        }
    }

    @Test func openSSLNames() {
        #expect(SRTPProfile.aeadAES128GCM.openSSLName == "SRTP_AEAD_AES_128_GCM")
        #expect(SRTPProfile.aes128CMHMACSHA1_80.openSSLName == "SRTP_AES128_CM_SHA1_80")
        #expect(SRTPProfile.aes128CMHMACSHA1_32.openSSLName == "SRTP_AES128_CM_SHA1_32")
        #expect(SRTPProfile.aeadAES256GCM.openSSLName == "SRTP_AEAD_AES_256_GCM")
    }

    @Test func lengths() {
        let gcm = SRTPProfile.aeadAES128GCM
        #expect(gcm.masterKeyLength == 16)
        #expect(gcm.masterSaltLength == 12)
        #expect(gcm.keyingMaterialLength == 56)
        #expect(gcm.rtpOverhead == 16)
        #expect(gcm.rtcpOverhead == 20)

        // RFC 7714 §12: a 256-bit key and the same 96-bit salt; 2 * (32 + 12).
        let gcm256 = SRTPProfile.aeadAES256GCM
        #expect(gcm256.masterKeyLength == 32)
        #expect(gcm256.masterSaltLength == 12)
        #expect(gcm256.keyingMaterialLength == 88)
        #expect(gcm256.rtpOverhead == 16)
        #expect(gcm256.rtcpOverhead == 20)

        let cm80 = SRTPProfile.aes128CMHMACSHA1_80
        #expect(cm80.masterKeyLength == 16)
        #expect(cm80.masterSaltLength == 14)
        #expect(cm80.keyingMaterialLength == 60)
        #expect(cm80.rtpOverhead == 10)
        #expect(cm80.rtcpOverhead == 14)

        let cm32 = SRTPProfile.aes128CMHMACSHA1_32
        #expect(cm32.keyingMaterialLength == 60)
        #expect(cm32.rtpOverhead == 4)
        #expect(cm32.rtcpOverhead == 14)
    }

    /// Janus (as DTLS server) picks AES-256-GCM: its 88 bytes of exported
    /// material key libsrtp2 both ways (the round-trip suites run it too).
    @Test func aes256GCMFromExportedMaterial() throws {
        let (client, server) = try TestPackets.endpoints(.aeadAES256GCM)
        #expect(client.profile == .aeadAES256GCM)
        let plain = TestPackets.rtp(sequenceNumber: 42, payload: Array(repeating: 0xAB, count: 100))
        var packet = ByteBuffer(bytes: plain)
        try client.protect(rtp: &packet)
        #expect(packet.readableBytes == plain.count + 16)
        try server.unprotect(rtp: &packet)
        #expect(packet.bytes == plain)
    }

    @Test func trailerRoomCoversEveryProfile() {
        // SRTP_MAX_TRAILER_LEN in libsrtp2 2.5: 16-byte tag + 128-byte MKI.
        #expect(SRTPSession.maximumTrailerLength == 144)
        for profile in SRTPProfile.allCases {
            #expect(profile.rtpOverhead <= SRTPSession.maximumTrailerLength)
            #expect(profile.rtcpOverhead <= SRTPSession.maximumTrailerLength)
        }
    }
}
