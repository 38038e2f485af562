import CVPX

/// A libvpx VP8 decoder, to check what was sent or received: frames in,
/// I420 pictures out. Not thread-safe.
public final class VP8Decoder {
    private let context: UnsafeMutablePointer<vpx_codec_ctx_t>

    public init() throws(CodecError) {
        context = UnsafeMutablePointer<vpx_codec_ctx_t>.allocate(capacity: 1)
        var config = vpx_codec_dec_cfg_t(threads: 1, w: 0, h: 0)
        let status = switchboard_vpx_codec_dec_init(context, vpx_codec_vp8_dx(), &config, 0)
        guard status == VPX_CODEC_OK else {
            context.deallocate()
            throw .vpx("dec_init", code: Int(status.rawValue))
        }
    }

    deinit {
        vpx_codec_destroy(context)
        context.deallocate()
    }

    /// Decodes one frame; returns the picture it produced, if any.
    public func decode(_ bytes: [UInt8]) throws(CodecError) -> I420Picture? {
        let status = bytes.withUnsafeBufferPointer { buffer in
            vpx_codec_decode(context, buffer.baseAddress, UInt32(buffer.count), nil, 0)
        }
        guard status == VPX_CODEC_OK else { throw .vpx("decode", code: Int(status.rawValue)) }
        var iterator: vpx_codec_iter_t? = nil
        var result: I420Picture?
        while let image = vpx_codec_get_frame(context, &iterator) {
            let width = Int(image.pointee.d_w)
            let height = Int(image.pointee.d_h)
            guard width % 2 == 0, height % 2 == 0 else { continue }
            var picture = I420Picture(width: width, height: height)
            let planes = [image.pointee.planes.0, image.pointee.planes.1, image.pointee.planes.2]
            let strides = [Int(image.pointee.stride.0), Int(image.pointee.stride.1), Int(image.pointee.stride.2)]
            let offsets = [0, picture.chromaUOffset, picture.chromaVOffset]
            for plane in 0..<3 {
                guard let source = planes[plane] else { continue }
                let planeWidth = plane == 0 ? width : width / 2
                let planeHeight = plane == 0 ? height : height / 2
                for row in 0..<planeHeight {
                    for column in 0..<planeWidth {
                        picture.bytes[offsets[plane] + row * planeWidth + column] = source[row * strides[plane] + column]
                    }
                }
            }
            result = picture
        }
        return result
    }
}
