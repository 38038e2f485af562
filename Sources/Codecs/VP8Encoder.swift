import CVPX

/// A libvpx VP8 encoder for real-time use: one pass, no lag, CBR at the
/// given bitrate. Not thread-safe; one encoder per clip being made.
public final class VP8Encoder {
    public let width: Int
    public let height: Int
    public let framesPerSecond: Int
    private let context: UnsafeMutablePointer<vpx_codec_ctx_t>
    private var image = vpx_image_t()
    private var frameIndex: Int64 = 0

    /// An encoder for `width` x `height` (even) at `bitrateKbps`.
    public init(width: Int, height: Int, framesPerSecond: Int = 30, bitrateKbps: Int) throws(CodecError) {
        guard width > 0, height > 0, width % 2 == 0, height % 2 == 0 else {
            throw .invalidParameter("picture size \(width)x\(height) must be even and positive")
        }
        guard framesPerSecond > 0, bitrateKbps > 0 else { throw .invalidParameter("frame rate and bitrate must be positive") }
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        var config = vpx_codec_enc_cfg_t()
        let defaults = vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &config, 0)
        guard defaults == VPX_CODEC_OK else { throw .vpx("config_default", code: Int(defaults.rawValue)) }
        config.g_w = UInt32(width)
        config.g_h = UInt32(height)
        config.g_timebase = vpx_rational(num: 1, den: Int32(framesPerSecond))
        config.rc_target_bitrate = UInt32(bitrateKbps)
        config.rc_end_usage = VPX_CBR
        config.g_lag_in_frames = 0
        config.g_threads = 1
        config.g_error_resilient = vpx_codec_er_flags_t(VPX_ERROR_RESILIENT_DEFAULT)
        // Keyframes only when asked: the clip decides where they go.
        config.kf_mode = VPX_KF_DISABLED
        context = UnsafeMutablePointer<vpx_codec_ctx_t>.allocate(capacity: 1)
        let initialized = switchboard_vpx_codec_enc_init(context, vpx_codec_vp8_cx(), &config, 0)
        guard initialized == VPX_CODEC_OK else {
            context.deallocate()
            throw .vpx("enc_init", code: Int(initialized.rawValue))
        }
        guard vpx_img_alloc(&image, VPX_IMG_FMT_I420, UInt32(width), UInt32(height), 16) != nil else {
            vpx_codec_destroy(context)
            context.deallocate()
            throw .vpx("img_alloc", code: -1)
        }
    }

    deinit {
        vpx_img_free(&image)
        vpx_codec_destroy(context)
        context.deallocate()
    }

    /// Encodes one picture (of the encoder's size). Returns the frame, or
    /// nil when the rate control dropped it.
    public func encode(_ picture: I420Picture, forceKeyframe: Bool = false) throws(CodecError) -> EncodedFrame? {
        guard picture.width == width, picture.height == height else {
            throw .invalidParameter("picture is \(picture.width)x\(picture.height), encoder \(width)x\(height)")
        }
        copy(picture)
        let flags = forceKeyframe ? vpx_enc_frame_flags_t(VPX_EFLAG_FORCE_KF) : 0
        let status = vpx_codec_encode(context, &image, vpx_codec_pts_t(frameIndex), 1, flags, UInt(VPX_DL_REALTIME))
        frameIndex += 1
        guard status == VPX_CODEC_OK else { throw .vpx("encode", code: Int(status.rawValue)) }
        var result: EncodedFrame?
        var iterator: vpx_codec_iter_t? = nil
        while let packet = vpx_codec_get_cx_data(context, &iterator) {
            guard packet.pointee.kind == VPX_CODEC_CX_FRAME_PKT else { continue }
            let frame = packet.pointee.data.frame
            let bytes = Array(UnsafeRawBufferPointer(start: frame.buf, count: frame.sz))
            let isKey = frame.flags & vpx_codec_frame_flags_t(VPX_FRAME_IS_KEY) != 0
            result = EncodedFrame(bytes: bytes, isKeyframe: isKey, duration: UInt32(90_000 / framesPerSecond))
        }
        return result
    }

    /// Copies the packed planes into libvpx's image, row by row (its
    /// strides are aligned).
    private func copy(_ picture: I420Picture) {
        let planes = [image.planes.0, image.planes.1, image.planes.2]
        let strides = [Int(image.stride.0), Int(image.stride.1), Int(image.stride.2)]
        let offsets = [0, picture.chromaUOffset, picture.chromaVOffset]
        picture.bytes.withUnsafeBufferPointer { source in
            for plane in 0..<3 {
                guard let destination = planes[plane], let base = source.baseAddress else { continue }
                let planeWidth = plane == 0 ? width : width / 2
                let planeHeight = plane == 0 ? height : height / 2
                for row in 0..<planeHeight {
                    (destination + row * strides[plane]).update(
                        from: base + offsets[plane] + row * planeWidth, count: planeWidth)
                }
            }
        }
    }
}
