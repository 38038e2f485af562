import Codecs
import NIOCore
import RTP

/// A clip cut into RTP payloads once, shared read-only by every bot that
/// sends it. VP8 payloads carry a long picture ID that the sender
/// overwrites per packet (`pictureIDOffset`), so replay keeps IDs rising.
public final class PacketizedClip: Sendable {
    /// One frame: its payloads in order (the last one carries the marker).
    public struct Frame: Sendable {
        public var payloads: [ByteBuffer]
        public var isKeyframe: Bool
        /// RTP ticks to the next frame.
        public var duration: UInt32
    }

    public let frames: [Frame]
    public let clockRate: UInt32
    public let isVideo: Bool
    /// Where the 15-bit picture ID sits in each VP8 payload (RFC 7741 §4.2:
    /// after the X and I bytes), nil for audio.
    let pictureIDOffset: Int?

    /// Largest RTP payload: a 1200-byte MTU less the RTP header, the
    /// extensions the bots write and the SRTP tag.
    public static let maxPayloadSize = 1_100

    public init(clip: EncodedClip, isVideo: Bool) throws(PacketizationError) {
        var frames: [Frame] = []
        if isVideo {
            var packetizer = VP8Packetizer(maxPayloadSize: Self.maxPayloadSize)
            for frame in clip.frames {
                let payloads = try packetizer.packetize(ByteBuffer(bytes: frame.bytes)).map(\.payload)
                frames.append(Frame(payloads: payloads, isKeyframe: frame.isKeyframe, duration: frame.duration))
            }
        } else {
            for frame in clip.frames {
                frames.append(Frame(payloads: [ByteBuffer(bytes: frame.bytes)], isKeyframe: true, duration: frame.duration))
            }
        }
        self.frames = frames
        self.clockRate = clip.clockRate
        self.isVideo = isVideo
        self.pictureIDOffset = isVideo ? 2 : nil
    }

    /// Packets in one loop of the clip.
    public var packetCount: Int { frames.reduce(0) { $0 + $1.payloads.count } }
}

/// The clips a load test sends, encoded and packetized once per process.
public struct MediaLibrary: Sendable {
    public let audio: PacketizedClip
    /// One clip per video layer (lowest first); one entry without simulcast.
    public let videoLayers: [PacketizedClip]

    /// Encodes (through the shared `ClipStore`) and packetizes the clips
    /// `plan` needs; `seconds` is the loop length.
    public init(plan: BotMediaPlan, seconds: Int = 10, store: ClipStore = .shared) throws {
        audio = try PacketizedClip(clip: store.audioClip(AudioClipSpec(seconds: seconds)), isVideo: false)
        guard plan.video else {
            videoLayers = []
            return
        }
        // Below 300 kbps a 640x360 picture would be mush: use 320x180.
        let small = plan.videoKbps <= 300
        let top = VideoClipSpec(
            width: small ? 320 : 640, height: small ? 180 : 360, bitrateKbps: plan.videoKbps, seconds: seconds)
        let specs = plan.simulcast ? top.simulcastLayers : [top]
        videoLayers = try specs.map { spec in try PacketizedClip(clip: store.videoClip(spec), isVideo: true) }
    }
}
