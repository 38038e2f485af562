import NIOCore
import RTP

/// Puts VP9 pictures back together from RTP packets in sequence order
/// (RFC 9628): a picture starts with B set in the base spatial layer, ends
/// with the marker bit, and all its packets share one RTP timestamp with no
/// sequence gap. It is a keyframe when its first packet has P=0.
/// Descriptors (and scalability structures) are stripped. Pictures of
/// several spatial layers are concatenated without a superframe index:
/// fine for the one spatial layer browsers send by default.
public struct VP9FrameAssembler: Sendable {
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
        guard let descriptor = try? VP9PayloadDescriptor(parsing: payload), descriptor.length < payload.readableBytes
        else {
            collector.breakFrame()
            return collector.output(nil)
        }
        let spatialID = descriptor.layerIndices?.spatialID ?? 0
        if descriptor.isStartOfFrame && spatialID == 0 {
            let started = collector.begin(
                timestamp: packet.timestamp, sequence: packet.sequenceNumber, isKeyframe: descriptor.startsKeyframe)
            guard started else { return collector.output(nil) }
        } else if !collector.isCollecting {
            return collector.output(nil)  // the rest of a picture already dropped
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
