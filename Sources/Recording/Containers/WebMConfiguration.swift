import RTP

/// What a WebM / Matroska recording contains.
public struct WebMConfiguration: Sendable, Equatable {
    /// The video codec and its parameters.
    public enum VideoCodec: Sendable, Equatable {
        case vp8
        case vp9
        /// H.264: frames must be AVCC (4-byte length prefixes); `avcC` is the
        /// AVCDecoderConfigurationRecord (see `AVCDecoderConfiguration`).
        case h264(avcC: [UInt8])

        /// The codec family it stores.
        public var family: CodecFamily {
            switch self {
            case .vp8: .vp8
            case .vp9: .vp9
            case .h264: .h264
            }
        }

        var codecID: String { family.matroskaCodecID }
    }

    /// A video track. Width/height nil: taken from the first VP8 keyframe, else 640x480.
    public struct Video: Sendable, Equatable {
        public var codec: VideoCodec
        public var width: Int?
        public var height: Int?

        public init(codec: VideoCodec, width: Int? = nil, height: Int? = nil) {
            self.codec = codec
            self.width = width
            self.height = height
        }
    }

    /// The video track, if any (track number 1).
    public var video: Video?
    /// The Opus audio track, if any (track number 2, or 1 without video).
    public var audio: OpusHeaders?

    public init(video: Video? = nil, audio: OpusHeaders? = nil) {
        self.video = video
        self.audio = audio
    }

    /// "webm" for VP8/VP9 and Opus; "matroska" when H.264 is used.
    public var docType: String {
        if case .h264 = video?.codec { return "matroska" }
        return "webm"
    }

    var videoTrackNumber: UInt64? { video == nil ? nil : 1 }
    var audioTrackNumber: UInt64? { audio == nil ? nil : (video == nil ? 1 : 2) }
}
