import NIOCore
import SRTP
import TestSupport
import Testing

/// Known answers: the reference packets of libsrtp's own test driver
/// (test/srtp_driver.c, `srtp_validate` and `srtp_validate_gcm`). They fix
/// the key layout (key then salt), the profile mapping, tag lengths and the
/// SRTCP trailer, bit for bit. The first packet each session protects has
/// ROC 0 and SRTCP index 1, as in the driver.
@Suite struct LibSRTPReferenceVectors {
    // RTP: 28 bytes, SSRC 0xcafebabe, sequence number 0x1234.
    static let rtpPlaintext = hexBytes("""
        80 0f 1234          // V=2, PT=15, sequence number 0x1234
        decafbad            // timestamp
        cafebabe            // SSRC
        abababab abababab abababab abababab  // payload
        """)
    // RTCP: a sender report header and 16 bytes of sender info.
    static let rtcpPlaintext = hexBytes("""
        81 c8 000b          // V=2, RC=1, PT=200 (SR), length 11
        cafebabe            // SSRC
        abababab abababab abababab abababab
        """)

    // AES_CM_128_HMAC_SHA1_80 (srtp_validate).
    static let cmKey = try! SRTPMasterKey(
        key: hexBytes("e1f97a0d3e018be0d64fa32c06de4139"),
        salt: hexBytes("0ec675ad498afeebb6960b3aabe6"),
        profile: .aes128CMHMACSHA1_80)
    static let cmSRTP = hexBytes("""
        800f1234 decafbad cafebabe            // header, in the clear
        4e55dc4c e79978d8 8ca4d215 949d2402   // encrypted payload
        b78d6acc99ea179b8dbb                  // HMAC-SHA1-80 tag
        """)
    static let cmSRTCP = hexBytes("""
        81c8000b cafebabe                     // header, in the clear
        7128035b e487b9bd bef89041 f977a5a8   // encrypted sender info
        80000001                              // E=1, SRTCP index 1
        993e08cd54d6c1230798                  // HMAC-SHA1-80 tag
        """)

    // AEAD_AES_128_GCM (srtp_validate_gcm).
    static let gcmKey = try! SRTPMasterKey(
        key: hexBytes("000102030405060708090a0b0c0d0e0f"),
        salt: hexBytes("a0a1a2a3a4a5a6a7a8a9aaab"),
        profile: .aeadAES128GCM)
    static let gcmSRTP = hexBytes("""
        800f1234 decafbad cafebabe            // header, in the clear
        c5002ede 04cfdd2e b91159e0 880aa06e   // encrypted payload
        d2976826f796b201df3131a127e8a392      // GCM tag
        """)
    static let gcmSRTCP = hexBytes("""
        81c8000b cafebabe                     // header, in the clear
        c98b8b5d f0392a55 852b6c21 ac8e7025   // encrypted sender info
        c52c6fbea2b3b446ea31123ba88ce61e      // GCM tag
        80000001                              // E=1, SRTCP index 1
        """)

    static let cases: [(SRTPProfile, SRTPMasterKey, [UInt8], [UInt8])] = [
        (.aes128CMHMACSHA1_80, cmKey, cmSRTP, cmSRTCP),
        (.aeadAES128GCM, gcmKey, gcmSRTP, gcmSRTCP),
    ]

    @Test(arguments: 0..<2)
    func protectMatchesTheReference(index: Int) throws {
        let (profile, key, srtp, srtcp) = Self.cases[index]
        let session = try SRTPSession(direction: .outbound, profile: profile, masterKey: key)
        var rtp = ByteBuffer(bytes: Self.rtpPlaintext)
        try session.protect(rtp: &rtp)
        #expect(hexString(rtp.bytes) == hexString(srtp))
        var rtcp = ByteBuffer(bytes: Self.rtcpPlaintext)
        try session.protectRTCP(&rtcp)
        #expect(hexString(rtcp.bytes) == hexString(srtcp))
    }

    @Test(arguments: 0..<2)
    func unprotectRecoversTheReference(index: Int) throws {
        let (profile, key, srtp, srtcp) = Self.cases[index]
        let session = try SRTPSession(direction: .inbound, profile: profile, masterKey: key)
        var rtp = ByteBuffer(bytes: srtp)
        try session.unprotect(rtp: &rtp)
        #expect(rtp.bytes == Self.rtpPlaintext)
        var rtcp = ByteBuffer(bytes: srtcp)
        try session.unprotectRTCP(&rtcp)
        #expect(rtcp.bytes == Self.rtcpPlaintext)
    }

    @Test func sha1With32BitTagTruncatesTheRTPTag() throws {
        // Same keystream and HMAC as the 80-bit profile, tag cut to 4 bytes;
        // SRTCP keeps the 80-bit tag (RFC 5764 section 4.1.2).
        let session = try SRTPSession(direction: .outbound, profile: .aes128CMHMACSHA1_32, masterKey: Self.cmKey)
        var rtp = ByteBuffer(bytes: Self.rtpPlaintext)
        try session.protect(rtp: &rtp)
        #expect(rtp.bytes == Array(Self.cmSRTP[0..<32]))
        var rtcp = ByteBuffer(bytes: Self.rtcpPlaintext)
        try session.protectRTCP(&rtcp)
        #expect(rtcp.bytes == Self.cmSRTCP)
    }
}
