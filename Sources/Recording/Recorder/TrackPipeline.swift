import NIOCore
import RTP
import Rooms

/// A frame of one track, rebuilt from RTP and placed on the room clock.
struct TimedFrame {
    var data: ByteBuffer
    /// Milliseconds on the recording's room clock.
    var milliseconds: Int64
    var isKeyframe: Bool
}

/// One published track's way from RTP packets to timed frames: a reorder
/// buffer (late and NACK-repaired packets still fit), the codec's frame
/// assembler, and the RTP-to-room-clock timeline. Confined to the writer
/// thread. What a publisher can make it hold is bounded: the reorder
/// buffer's fixed ring (reset, not reallocated, when the SSRC changes),
/// one frame of at most the assembler's limit, and `maxHeldFrames`.
struct TrackPipeline {
    enum Depacketizer {
        case opus(OpusFrameExtractor)
        case vp8(VP8FrameAssembler)
        case vp9(VP9FrameAssembler)
        case h264(H264FrameAssembler)

        var oversizeFramesDropped: Int {
            switch self {
            case .opus(let extractor): extractor.oversizeFramesDropped
            case .vp8(let assembler): assembler.oversizeFramesDropped
            case .vp9(let assembler): assembler.oversizeFramesDropped
            case .h264(let assembler): assembler.oversizeFramesDropped
            }
        }
    }

    let track: SinkTrack
    let codec: CodecFamily
    let payloadType: UInt8
    private(set) var depacketizer: Depacketizer
    private var reorder: ReorderBuffer
    private(set) var timeline: RTPTimeline
    private var ssrc: UInt32?
    private let counters: RecordingCounters
    /// Packets given up as lost by the reorder buffer.
    private(set) var packetsLost = 0
    /// Set when a frame was dropped: the publisher should send a keyframe.
    var wantsKeyframe = false
    /// Frames waiting for the stream's first sender report, so that they are
    /// placed on the sender's clock from the start (no jump in the file).
    private var held: [AssembledFrame] = []
    private var holdingSince: NIODeadline?
    /// Set once frames were placed by arrival time: later sender reports
    /// are ignored, since re-anchoring then would make the track jump.
    private var placedByArrival = false

    /// How long frames wait for the first sender report (senders send one
    /// every 0.5-1.5 s).
    static let senderReportWait = TimeAmount.milliseconds(2_000)
    /// Frames held for the first sender report at most: past it they are
    /// placed by arrival (a flood of tiny frames cannot pile up).
    static let maxHeldFrames = 512

    /// Nil for a track whose codec cannot be recorded.
    init?(track: SinkTrack, origin: NIODeadline, counters: RecordingCounters) {
        guard let codec = CodecFamily(recording: track.codec), let negotiated = track.codec else { return nil }
        self.track = track
        self.codec = codec
        self.payloadType = negotiated.payloadType
        self.counters = counters
        depacketizer = codec.makeDepacketizer
        reorder = ReorderBuffer(maxDelay: .milliseconds(400), maxPackets: 512)
        timeline = RTPTimeline(clockRate: Int(negotiated.codec.clockRate), origin: origin)
        wantsKeyframe = codec.isVideo
    }

    /// The reorder buffer's storage, to check that a new SSRC reuses it.
    var reorderStorage: UnsafeRawPointer? { reorder.storageAddress }

    /// Packets waiting in the reorder buffer.
    var reorderedCount: Int { reorder.bufferedCount }

    /// The H.264 parameter sets seen so far (for the avcC record).
    var h264ParameterSets: (sps: ByteBuffer, pps: ByteBuffer)? {
        guard case .h264(let assembler) = depacketizer, let sps = assembler.sequenceParameterSet,
            let pps = assembler.pictureParameterSet
        else { return nil }
        return (sps, pps)
    }

    /// Takes one packet as received; packets of another payload type (RTX,
    /// FEC) are ignored. A new SSRC (the sender restarted) starts over, in
    /// the same reorder buffer.
    mutating func insert(_ buffer: ByteBuffer, arrival: NIODeadline) {
        guard let packet = try? RTPPacket(parsing: buffer), packet.payloadType == payloadType else { return }
        if let ssrc, ssrc != packet.ssrc {
            reorder.reset()
            counters.addStreamRestart()
            depacketizer = codec.makeDepacketizer
            let origin = timeline.origin
            timeline = RTPTimeline(clockRate: Int(timeline.clockRate), origin: origin)
            placedByArrival = false
        }
        ssrc = packet.ssrc
        timeline.noteArrival(rtpTimestamp: packet.timestamp, at: arrival)
        reorder.insert(packet, at: arrival)
    }

    /// A sender report of this track's stream: the first one anchors its
    /// timeline on the sender's clock; later ones are ignored (some senders,
    /// aiortc among them, pair the report's wall clock with the last packet's
    /// RTP time, so each report is off by up to a frame: re-anchoring on
    /// every one would make the video stutter).
    mutating func applySenderReport(ntpTimestamp: UInt64, rtpTimestamp: UInt32, clock: SenderClock) {
        guard !timeline.isSynchronized, !placedByArrival else { return }
        timeline.applySenderReport(ntpTimestamp: ntpTimestamp, rtpTimestamp: rtpTimestamp, clock: clock)
    }

    /// Releases what the reorder buffer lets go at `now` (everything with
    /// `flushing`) and returns the frames completed, in order.
    mutating func release(now: NIODeadline, flushing: Bool = false) -> [TimedFrame] {
        while let output = reorder.next(at: now, flushing: flushing) {
            switch output {
            case .lost(_, let count):
                packetsLost += count
            case .packet(let packet):
                if let frame = assemble(packet) {
                    held.append(frame)
                    if holdingSince == nil { holdingSince = now }
                }
            }
        }
        guard !held.isEmpty else { return [] }
        if !timeline.isSynchronized {
            let waited = now - (holdingSince ?? now) >= Self.senderReportWait
            guard flushing || waited || held.count >= Self.maxHeldFrames else { return [] }
            placedByArrival = true
        }
        let frames = held.map {
            TimedFrame(data: $0.data, milliseconds: timeline.milliseconds(for: $0.rtpTimestamp), isKeyframe: $0.isKeyframe)
        }
        held = []
        return frames
    }

    private mutating func assemble(_ packet: RTPPacket) -> AssembledFrame? {
        let output: FrameAssemblyOutput
        let current = depacketizer
        let droppedBefore = current.oversizeFramesDropped
        defer { counters.addOversizeFramesDropped(depacketizer.oversizeFramesDropped - droppedBefore) }
        // Leave nothing else holding the assembler's buffers, so appending
        // to the frame being collected does not copy it (copy on write).
        depacketizer = .opus(OpusFrameExtractor())
        switch consume current {
        case .opus(var extractor):
            let frame = extractor.push(packet)?.frame
            depacketizer = .opus(extractor)
            return frame
        case .vp8(var assembler):
            output = assembler.push(packet)
            depacketizer = .vp8(assembler)
        case .vp9(var assembler):
            output = assembler.push(packet)
            depacketizer = .vp9(assembler)
        case .h264(var assembler):
            output = assembler.push(packet)
            depacketizer = .h264(assembler)
        }
        if output.requestsKeyframe { wantsKeyframe = true }
        return output.frame
    }
}
