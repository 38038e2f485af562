import MediaNegotiation
import NIOCore
import RTP

/// The recorder's hooks into the codec family: the frame assembler and the
/// container codec of each family. The one place Recording switches on a
/// codec, since its assemblers live above the family's layer.
extension CodecFamily {
    /// The family of a negotiated codec; nil for one a recording cannot
    /// store (RED, G.711, ...).
    init?(recording codec: MediaCodec?) {
        guard let name = codec?.codec.name else { return nil }
        self.init(name: name)
    }

    /// A fresh frame assembler for the family's RTP payloads.
    var makeDepacketizer: TrackPipeline.Depacketizer {
        switch self {
        case .opus: .opus(OpusFrameExtractor())
        case .vp8: .vp8(VP8FrameAssembler())
        case .vp9: .vp9(VP9FrameAssembler())
        case .h264: .h264(H264FrameAssembler(format: .lengthPrefixed))
        }
    }

    /// Whether the track header needs the stream's parameter sets (H.264's
    /// avcC), so the file cannot start before they arrive.
    var needsParameterSetsForHeader: Bool { self == .h264 }

    /// The WebM/Matroska codec of a video track of this family; nil while
    /// it cannot be written (H.264 without its SPS and PPS) and for audio.
    func webMVideoCodec(parameterSets: (sps: ByteBuffer, pps: ByteBuffer)?) -> WebMConfiguration.VideoCodec? {
        switch self {
        case .vp8: return .vp8
        case .vp9: return .vp9
        case .h264:
            guard let sets = parameterSets,
                let record = try? AVCDecoderConfiguration(
                    sps: [Array(sets.sps.readableBytesView)], pps: [Array(sets.pps.readableBytesView)])
            else { return nil }
            return .h264(avcC: record.bytes)
        case .opus: return nil
        }
    }
}
