/// A clip encoded once and replayed in a loop: its frames in order, each
/// with its RTP duration. Video clips start with a keyframe, so replay can
/// restart at frame 0 whenever a receiver needs a keyframe.
public struct EncodedClip: Sendable {
    public var frames: [EncodedFrame]
    /// RTP clock rate of `duration` (90000 video, 48000 Opus).
    public var clockRate: UInt32

    public init(frames: [EncodedFrame], clockRate: UInt32) {
        self.frames = frames
        self.clockRate = clockRate
    }

    /// Length of one loop, in RTP ticks.
    public var loopDuration: UInt64 { frames.reduce(0) { $0 + UInt64($1.duration) } }
    /// Average bitrate of the encoded bytes, in bits per second.
    public var averageBitrate: Double {
        let ticks = Double(loopDuration)
        guard ticks > 0 else { return 0 }
        return Double(frames.reduce(0) { $0 + $1.bytes.count } * 8) * Double(clockRate) / ticks
    }
}

/// What to encode for a video clip.
public struct VideoClipSpec: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public var framesPerSecond: Int
    public var bitrateKbps: Int
    public var seconds: Int
    /// A keyframe every this many seconds (frame 0 always is one).
    public var keyframeIntervalSeconds: Int

    public init(
        width: Int = 640, height: Int = 360, framesPerSecond: Int = 30, bitrateKbps: Int = 500, seconds: Int = 10,
        keyframeIntervalSeconds: Int = 5
    ) {
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.bitrateKbps = bitrateKbps
        self.seconds = seconds
        self.keyframeIntervalSeconds = keyframeIntervalSeconds
    }

    /// The three simulcast layers for a top layer of this spec: quarter,
    /// half and full size, with 1/8, 1/4 and 5/8 of the bitrate (lowest first).
    public var simulcastLayers: [VideoClipSpec] {
        [(4, 1), (2, 2), (1, 5)].map { divisor, eighths in
            var layer = self
            layer.width = max(2, width / divisor / 2 * 2)
            layer.height = max(2, height / divisor / 2 * 2)
            layer.bitrateKbps = max(30, bitrateKbps * eighths / 8)
            return layer
        }
    }
}

/// What to encode for an audio clip.
public struct AudioClipSpec: Sendable, Hashable {
    public var bitrate: Int
    public var seconds: Int

    public init(bitrate: Int = 32_000, seconds: Int = 10) {
        self.bitrate = bitrate
        self.seconds = seconds
    }
}

extension EncodedClip {
    /// Encodes the test pattern with libvpx VP8.
    public static func encodeVideo(_ spec: VideoClipSpec) throws(CodecError) -> EncodedClip {
        let encoder = try VP8Encoder(
            width: spec.width, height: spec.height, framesPerSecond: spec.framesPerSecond,
            bitrateKbps: spec.bitrateKbps)
        let pattern = TestPattern(width: spec.width, height: spec.height)
        let keyframeEvery = max(1, spec.keyframeIntervalSeconds * spec.framesPerSecond)
        var frames: [EncodedFrame] = []
        let frameDuration = UInt32(90_000 / spec.framesPerSecond)
        for index in 0..<max(1, spec.seconds * spec.framesPerSecond) {
            let picture = pattern.picture(frame: index)
            if let frame = try encoder.encode(picture, forceKeyframe: index % keyframeEvery == 0) {
                frames.append(frame)
            } else if !frames.isEmpty {
                // A dropped frame: the previous one lasts longer.
                frames[frames.count - 1].duration += frameDuration
            }
        }
        return EncodedClip(frames: frames, clockRate: 90_000)
    }

    /// Encodes the audio pattern with libopus in 20 ms frames.
    public static func encodeAudio(_ spec: AudioClipSpec) throws(CodecError) -> EncodedClip {
        let encoder = try OpusEncoder(channels: 1, bitrate: spec.bitrate)
        let pattern = AudioPattern(channels: 1)
        var frames: [EncodedFrame] = []
        for index in 0..<max(1, spec.seconds * 50) {
            frames.append(try encoder.encode(pattern.samples(frame: index)))
        }
        return EncodedClip(frames: frames, clockRate: 48_000)
    }
}
