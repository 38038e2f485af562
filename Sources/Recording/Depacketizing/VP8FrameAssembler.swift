import NIOCore
import RTP

/// Puts VP8 frames back together from RTP packets in sequence order
/// (RFC 7741): a frame starts with S=1 and PID=0, ends with the marker
/// bit, and all its packets share one RTP timestamp with no sequence gap.
/// Descriptors are stripped. A frame with a gap is dropped, a keyframe is
/// requested, and delta frames are dropped until the next keyframe.
public struct VP8FrameAssembler: Sendable {
    /// The largest frame kept (4 MiB, far above any real-time frame).
    public static let defaultMaxFrameBytes = 4 << 20

    private var collector: FrameCollector

    /// Frames over `maxFrameBytes` are dropped and counted.
    public init(maxFrameBytes: Int = Self.defaultMaxFrameBytes) {
        collector = FrameCollector(maxFrameBytes: maxFrameBytes)
    }

    /// Frames dropped for being larger than the limit, since the start.
    public var oversizeFramesDropped: Int { collector.oversizeFramesDropped }

    /// Bytes of the frame being collected (at most about `maxFrameBytes`).
    public var bufferedBytes: Int { collector.data.readableBytes }

    /// Whether frames are being dropped until the next keyframe.
    public var isWaitingForKeyframe: Bool { collector.isWaitingForKeyframe }

    /// Takes the next packet of the stream (from `ReorderBuffer`).
    public mutating func push(_ packet: RTPPacket) -> FrameAssemblyOutput {
        collector.noteSequence(packet.sequenceNumber)
        let payload = packet.payload
        guard payload.readableBytes > 0 else { return collector.output(nil) }  // padding only
        guard let descriptor = try? VP8PayloadDescriptor(parsing: payload), descriptor.length < payload.readableBytes
        else {
            collector.breakFrame()
            return collector.output(nil)
        }
        if descriptor.isStartOfFrame {
            let started = collector.begin(
                timestamp: packet.timestamp, sequence: packet.sequenceNumber,
                isKeyframe: descriptor.startsKeyframe(payload: payload))
            guard started else { return collector.output(nil) }
        } else if !collector.isCollecting {
            // The rest of a frame already dropped.
            return collector.output(nil)
        } else if packet.timestamp != collector.timestamp {
            collector.breakFrame()
            return collector.output(nil)
        }
        if let data = payload.getSlice(
            at: payload.readerIndex + descriptor.length, length: payload.readableBytes - descriptor.length)
        {
            collector.data.writeImmutableBuffer(data)
        }
        if collector.dropIfOversize() { return collector.output(nil) }
        return collector.output(packet.marker ? collector.finish() : nil)
    }
}
