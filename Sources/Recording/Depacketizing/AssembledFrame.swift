import NIOCore

/// One complete encoded frame put back together from its RTP packets,
/// payload descriptors stripped: what a container writer stores.
public struct AssembledFrame: Sendable, Hashable {
    /// The frame's bytes (VP8/VP9 frame; H.264 access unit in the
    /// assembler's chosen format; Opus packet).
    public var data: ByteBuffer
    /// The RTP timestamp shared by the frame's packets.
    public var rtpTimestamp: UInt32
    /// Whether the frame decodes on its own (VP8/VP9 intra frame, H.264 IDR).
    public var isKeyframe: Bool
    /// The sequence number of the frame's first packet.
    public var firstSequence: UInt16
    /// The sequence number of the frame's last packet.
    public var lastSequence: UInt16

    public init(data: ByteBuffer, rtpTimestamp: UInt32, isKeyframe: Bool, firstSequence: UInt16, lastSequence: UInt16) {
        self.data = data
        self.rtpTimestamp = rtpTimestamp
        self.isKeyframe = isKeyframe
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
    }
}

/// What a frame assembler returns for one packet.
public struct FrameAssemblyOutput: Sendable, Hashable {
    /// The frame this packet completed, if any.
    public var frame: AssembledFrame?
    /// A frame was dropped (a gap, bad payload, or a delta frame while
    /// waiting for a keyframe): ask the sender for a keyframe (PLI). Set
    /// for every dropped frame; the caller throttles the requests.
    public var requestsKeyframe: Bool

    public init(frame: AssembledFrame? = nil, requestsKeyframe: Bool = false) {
        self.frame = frame
        self.requestsKeyframe = requestsKeyframe
    }
}
