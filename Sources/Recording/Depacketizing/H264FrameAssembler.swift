import NIOCore
import RTP

/// Puts H.264 access units back together from RTP packets in sequence
/// order (RFC 6184, packetization mode 0 or 1): single NAL unit packets,
/// STAP-A split into their units, FU-A fragments reassembled. An access
/// unit ends with the marker bit; its packets share one RTP timestamp with
/// no sequence gap. It is a keyframe when it holds an IDR slice. A unit
/// with a gap is dropped, a keyframe requested, and later units dropped
/// until one with an IDR slice.
public struct H264FrameAssembler: Sendable {
    /// How NAL units are written in the assembled frame.
    public enum Format: Sendable, Hashable {
        /// Each unit after a 4-byte start code (Annex B), as decoders and
        /// raw .h264 files take it.
        case annexB
        /// Each unit after its 4-byte big-endian length (AVCC), as MP4 and
        /// Matroska store it with an avcC record.
        case lengthPrefixed
    }

    /// The output format.
    public let format: Format
    /// The latest sequence parameter set seen (NAL unit with header), for
    /// the container's avcC record.
    public private(set) var sequenceParameterSet: ByteBuffer?
    /// The latest picture parameter set seen (NAL unit with header).
    public private(set) var pictureParameterSet: ByteBuffer?

    private var collector: FrameCollector
    /// Where the FU-A unit being reassembled starts in the frame data (its
    /// prefix), or nil when none is open.
    private var fragmentStart: Int?
    /// The previous packet, contiguous, ended an access unit (marker).
    private var previousEndedAccessUnit = false

    /// The largest access unit kept (4 MiB, far above any real-time frame).
    public static let defaultMaxFrameBytes = 4 << 20

    /// Access units over `maxFrameBytes` are dropped and counted.
    public init(format: Format = .annexB, maxFrameBytes: Int = Self.defaultMaxFrameBytes) {
        self.format = format
        collector = FrameCollector(maxFrameBytes: maxFrameBytes)
    }

    /// Access units dropped for being larger than the limit, since the start.
    public var oversizeFramesDropped: Int { collector.oversizeFramesDropped }

    /// Bytes of the frame being collected (at most about `maxFrameBytes`).
    public var bufferedBytes: Int { collector.data.readableBytes }

    /// Whether frames are being dropped until the next keyframe.
    public var isWaitingForKeyframe: Bool { collector.isWaitingForKeyframe }

    /// Takes the next packet of the stream (from `ReorderBuffer`).
    public mutating func push(_ packet: RTPPacket) -> FrameAssemblyOutput {
        let gap = collector.noteSequence(packet.sequenceNumber)
        let followsAccessUnit = previousEndedAccessUnit && !gap
        let payload = packet.payload
        guard payload.readableBytes > 0 else {  // padding only
            previousEndedAccessUnit = followsAccessUnit
            return collector.output(nil)
        }
        previousEndedAccessUnit = packet.marker
        if !collector.isCollecting {
            // No start flag in H.264 payloads: after a gap or a dropped
            // unit, skip to a packet that visibly starts an access unit.
            guard followsAccessUnit || Self.startsAccessUnit(payload) else { return collector.output(nil) }
            fragmentStart = nil
            guard collector.begin(timestamp: packet.timestamp, sequence: packet.sequenceNumber, isKeyframe: false)
            else { return collector.output(nil) }
        } else if packet.timestamp != collector.timestamp {
            return broken()
        }
        guard let parsed = try? H264Payload(parsing: payload) else { return broken() }
        switch parsed.packetization {
        case .singleNALUnit, .stapA:
            guard fragmentStart == nil else { return broken() }
            let units = parsed.nalUnits(in: payload)
            for unit in units {
                guard let bytes = units.bytes(of: unit) else { return broken() }
                append(bytes, type: unit.type)
            }
        case .fuA(let isStart, let isEnd):
            guard payload.readableBytes > 2 else { return broken() }
            let indicator = payload.getInteger(at: payload.readerIndex, as: UInt8.self) ?? 0
            let header = payload.getInteger(at: payload.readerIndex + 1, as: UInt8.self) ?? 0
            if isStart {
                guard fragmentStart == nil else { return broken() }
                fragmentStart = collector.data.writerIndex
                writePrefix(length: 0)
                collector.data.writeInteger((indicator & 0xE0) | (header & 0x1F))
                noteType(header & 0x1F)
            } else if fragmentStart == nil {
                return broken()
            }
            if let fragment = payload.getSlice(at: payload.readerIndex + 2, length: payload.readableBytes - 2) {
                collector.data.writeImmutableBuffer(fragment)
            }
            if isEnd, let start = fragmentStart {
                if format == .lengthPrefixed {
                    let length = collector.data.writerIndex - start - 4
                    collector.data.setInteger(UInt32(truncatingIfNeeded: length), at: start)
                }
                fragmentStart = nil
            }
        }
        if collector.dropIfOversize() {
            fragmentStart = nil
            return collector.output(nil)
        }
        guard packet.marker else { return collector.output(nil) }
        guard fragmentStart == nil else { return broken() }
        return collector.output(collector.finish())
    }

    /// Whether a payload's first NAL unit starts an access unit: a
    /// parameter set, SEI or delimiter (types 6-9), or a slice with
    /// first_mb_in_slice 0, whose ue(v) code is the single bit 1 (H.264
    /// §7.3.3, §7.4.1.2.3).
    static func startsAccessUnit(_ payload: ByteBuffer) -> Bool {
        func byte(_ offset: Int) -> UInt8? {
            offset < payload.readableBytes ? payload.getInteger(at: payload.readerIndex + offset, as: UInt8.self) : nil
        }
        guard let header = byte(0) else { return false }
        var type = header & 0x1F
        var sliceByte = 1
        switch type {
        case H264Payload.stapAType:
            guard let first = byte(3) else { return false }
            type = first & 0x1F
            sliceByte = 4
        case H264Payload.fuAType:
            guard let fuHeader = byte(1), fuHeader & 0x80 != 0 else { return false }
            type = fuHeader & 0x1F
            sliceByte = 2
        default:
            break
        }
        switch type {
        case 6...9: return true
        case 1...5: return (byte(sliceByte) ?? 0) & 0x80 != 0
        default: return false
        }
    }

    private mutating func broken() -> FrameAssemblyOutput {
        fragmentStart = nil
        collector.breakFrame()
        return collector.output(nil)
    }

    private mutating func append(_ unit: ByteBuffer, type: UInt8) {
        writePrefix(length: unit.readableBytes)
        collector.data.writeImmutableBuffer(unit)
        noteType(type)
        // Copied (not a slice pinning the whole packet), once per change.
        if type == H264Payload.sequenceParameterSetType, sequenceParameterSet != unit {
            sequenceParameterSet = ByteBuffer(bytes: unit.readableBytesView)
        } else if type == H264Payload.pictureParameterSetType, pictureParameterSet != unit {
            pictureParameterSet = ByteBuffer(bytes: unit.readableBytesView)
        }
    }

    private mutating func noteType(_ type: UInt8) {
        if type == H264Payload.idrSliceType { collector.isKeyframe = true }
    }

    private mutating func writePrefix(length: Int) {
        switch format {
        case .annexB: collector.data.writeBytes(H264AnnexB.startCode)
        case .lengthPrefixed: collector.data.writeInteger(UInt32(truncatingIfNeeded: length))
        }
    }
}
