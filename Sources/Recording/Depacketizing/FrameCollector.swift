import NIOCore

/// The codec-independent half of frame assembly: collects one frame's
/// bytes, checks that its packets' sequence numbers leave no gap, and
/// holds frames back until a keyframe, so a recording starts with a
/// keyframe and a decoder never sees a frame whose reference was lost.
/// A frame is bounded: past `maxFrameBytes` it is dropped and counted, and
/// the rest of its timestamp is skipped (packets without a marker would
/// otherwise grow it without end).
struct FrameCollector: Sendable {
    /// The largest frame kept, in bytes.
    let maxFrameBytes: Int
    /// Frames dropped for growing past `maxFrameBytes`, since the start.
    private(set) var oversizeFramesDropped = 0
    /// A frame is being collected.
    private(set) var isCollecting = false
    /// The RTP timestamp of the frame being collected.
    private(set) var timestamp: UInt32 = 0
    /// Whether the frame being collected is a keyframe (the codec sets it).
    var isKeyframe = false
    /// The frame's bytes so far (the codec appends).
    var data = ByteBuffer()
    /// Frames are dropped until a keyframe: at the start and after a loss.
    private(set) var isWaitingForKeyframe = true
    /// Set when a frame was dropped during the current packet.
    private(set) var requestsKeyframe = false

    private var firstSequence: UInt16 = 0
    private var lastSequence: UInt16?
    private var lastFrameSize = 0
    /// The timestamp of the last frame dropped as oversize: no new frame
    /// starts at it, so assembly resumes at the next frame.
    private var oversizeTimestamp: UInt32?

    init(maxFrameBytes: Int) {
        self.maxFrameBytes = max(maxFrameBytes, 1)
    }

    /// Notes the sequence number of every packet, padding-only ones
    /// included (they take sequence numbers too). A gap breaks the frame
    /// being collected and any reference chain.
    /// Returns whether there was a gap.
    @discardableResult
    mutating func noteSequence(_ sequence: UInt16) -> Bool {
        defer { lastSequence = sequence }
        guard let lastSequence, sequence != lastSequence &+ 1 else { return false }
        breakFrame()
        return true
    }

    /// Drops the frame being collected and waits for a keyframe.
    mutating func breakFrame() {
        isCollecting = false
        data = ByteBuffer()
        isWaitingForKeyframe = true
        requestsKeyframe = true
    }

    /// Drops the frame being collected when it has grown past
    /// `maxFrameBytes`, and waits for a keyframe at a later timestamp.
    /// Returns whether it did.
    mutating func dropIfOversize() -> Bool {
        guard isCollecting, data.readableBytes > maxFrameBytes else { return false }
        oversizeFramesDropped += 1
        oversizeTimestamp = timestamp
        breakFrame()
        return true
    }

    /// Starts a frame; one still being collected (its end was never seen)
    /// is dropped. Returns false (nothing started) for the timestamp of a
    /// frame just dropped as oversize.
    mutating func begin(timestamp: UInt32, sequence: UInt16, isKeyframe: Bool) -> Bool {
        if isCollecting { breakFrame() }
        guard timestamp != oversizeTimestamp else { return false }
        oversizeTimestamp = nil
        isCollecting = true
        self.timestamp = timestamp
        self.isKeyframe = isKeyframe
        firstSequence = sequence
        data = ByteBuffer()
        data.reserveCapacity(lastFrameSize)
        return true
    }

    /// Completes the frame; nil when it must be dropped because no
    /// keyframe has come since the last break.
    mutating func finish() -> AssembledFrame? {
        guard isCollecting else { return nil }
        isCollecting = false
        if isKeyframe { isWaitingForKeyframe = false }
        let frameData = data
        data = ByteBuffer()
        guard !isWaitingForKeyframe else {
            requestsKeyframe = true
            return nil
        }
        lastFrameSize = frameData.readableBytes
        return AssembledFrame(
            data: frameData, rtpTimestamp: timestamp, isKeyframe: isKeyframe, firstSequence: firstSequence,
            lastSequence: lastSequence ?? firstSequence)
    }

    /// The output for the current packet; clears the request flag.
    mutating func output(_ frame: AssembledFrame?) -> FrameAssemblyOutput {
        defer { requestsKeyframe = false }
        return FrameAssemblyOutput(frame: frame, requestsKeyframe: requestsKeyframe)
    }
}
