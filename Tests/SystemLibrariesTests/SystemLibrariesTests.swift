import COpenSSL
import COpus
import CSRTP
import CVPX
import Testing

/// The four system libraries are found, link, and are the versions the
/// project is built against (major versions whose APIs it uses).
@Suite struct SystemLibrariesTests {
    // srtp_init itself is called once per process by the SRTP module (a
    // second call re-runs the self tests and races sessions in use).
    @Test func libsrtp2IsVersion2() {
        #expect(srtp_get_version() >= 0x0200_0000)
        let version = String(cString: srtp_get_version_string())
        #expect(version.hasPrefix("libsrtp2"))
    }

    @Test func openSSLIsVersion3() {
        #expect(OpenSSL_version_num() >= 0x3000_0000)
        let method = DTLS_method()
        #expect(method != nil)
        let context = SSL_CTX_new(method)
        #expect(context != nil)
        SSL_CTX_free(context)
    }

    @Test func opusEncoderCreates() {
        var error: Int32 = 0
        let encoder = opus_encoder_create(48_000, 2, OPUS_APPLICATION_VOIP, &error)
        #expect(error == OPUS_OK)
        #expect(encoder != nil)
        #expect(switchboard_opus_set_bitrate(encoder, 32_000) == OPUS_OK)
        opus_encoder_destroy(encoder)
    }

    @Test func vp8EncoderInitialises() {
        var config = vpx_codec_enc_cfg_t()
        #expect(vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &config, 0) == VPX_CODEC_OK)
        config.g_w = 64
        config.g_h = 64
        let context = UnsafeMutablePointer<vpx_codec_ctx_t>.allocate(capacity: 1)
        defer { context.deallocate() }
        #expect(switchboard_vpx_codec_enc_init(context, vpx_codec_vp8_cx(), &config, 0) == VPX_CODEC_OK)
        vpx_codec_destroy(context)
    }
}
