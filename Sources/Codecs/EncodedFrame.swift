/// One encoded frame of a clip: the codec's bytes, whether a decoder can
/// start from it, and how long it lasts in RTP clock ticks.
public struct EncodedFrame: Sendable, Hashable {
    public var bytes: [UInt8]
    public var isKeyframe: Bool
    /// RTP timestamp increment to the next frame (90 kHz video, 48 kHz Opus).
    public var duration: UInt32

    public init(bytes: [UInt8], isKeyframe: Bool, duration: UInt32) {
        self.bytes = bytes
        self.isKeyframe = isKeyframe
        self.duration = duration
    }
}
