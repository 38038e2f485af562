import RTP
/// What a publishing bot sends, and the stable numbers its SDP and its
/// packets share: SSRCs, payload types and header extension ids.
public struct BotMediaPlan: Sendable, Hashable {
    public var audio: Bool
    public var video: Bool
    /// Three VP8 layers (rids `q`, `h`, `f`, lowest first) instead of one.
    public var simulcast: Bool
    /// Video bitrate of the top layer.
    public var videoKbps: Int
    /// Frames are sent this many times faster than real time (1: real time).
    public var replaySpeed: Double
    /// Data channel messages per second each publisher sends (0: no data
    /// channel; subscribers then reject the server's data m-line).
    public var dataRate: Double = 0
    /// Size of each data message in bytes (at least the 20-byte header).
    public var dataMessageBytes = 256

    public init(
        audio: Bool = true, video: Bool = true, simulcast: Bool = false, videoKbps: Int = 500, replaySpeed: Double = 1
    ) {
        self.replaySpeed = replaySpeed
        self.audio = audio
        self.video = video
        self.simulcast = simulcast
        self.videoKbps = videoKbps
    }

    /// Simulcast rids, lowest layer first (the server forwards the last).
    public static let simulcastRIDs = ["q", "h", "f"]

    // The server's own numbers for the families the bots send.
    static let opusPayloadType = CodecFamily.opus.serverPayloadType
    static let vp8PayloadType = CodecFamily.vp8.serverPayloadType
    static let rtxPayloadType = CodecFamily.vp8.serverRTXPayloadType ?? 97
    static let audioMID = "0"
    static let videoMID = "1"
    static let dataMID = "2"
}

/// Header extension ids the bots offer, the same on every m-line as BUNDLE
/// requires (RFC 8843 §9.1); the server answers with the same ids.
enum BotExtensionID {
    static let absSendTime: UInt8 = 2
    static let transportWideCC: UInt8 = 3
    static let mid: UInt8 = 4
    static let rid: UInt8 = 5
    static let repairedRID: UInt8 = 6
}
