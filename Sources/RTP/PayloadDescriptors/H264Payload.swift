import NIOCore

/// The structure of an H.264 RTP payload in non-interleaved mode
/// (RFC 6184 §5.6-5.8): a single NAL unit (types 1-23), an STAP-A (24)
/// aggregating NAL units with 16-bit sizes, or an FU-A fragment (28).
///
/// Parsing walks the payload once (checking STAP-A sizes) and allocates
/// nothing; `nalUnits(in:)` iterates the carried NAL units lazily.
public struct H264Payload: Sendable, Hashable {
    /// NAL unit type of an IDR slice.
    public static let idrSliceType: UInt8 = 5
    /// NAL unit type of a sequence parameter set.
    public static let sequenceParameterSetType: UInt8 = 7
    /// NAL unit type of a picture parameter set.
    public static let pictureParameterSetType: UInt8 = 8
    /// Payload header type of an STAP-A.
    public static let stapAType: UInt8 = 24
    /// Payload header type of an FU-A.
    public static let fuAType: UInt8 = 28

    /// How the payload carries NAL units.
    public enum Packetization: Sendable, Hashable {
        /// One whole NAL unit (RFC 6184 §5.6).
        case singleNALUnit
        /// An STAP-A with this many NAL units (§5.7.1).
        case stapA(nalUnitCount: Int)
        /// An FU-A fragment; S and E bits of the FU header (§5.8).
        case fuA(isStart: Bool, isEnd: Bool)
    }

    /// How the payload carries NAL units.
    public var packetization: Packetization
    /// The NAL unit type: of the single NAL unit, of the fragmented NAL
    /// unit (FU-A), or 24 for an STAP-A.
    public var nalUnitType: UInt8
    /// NRI of the payload header (0-3).
    public var nalReferenceIndicator: UInt8
    /// Whether the payload starts a key frame: an IDR slice (5) or an SPS
    /// (7) as the single NAL unit, anywhere in an STAP-A, or as the
    /// fragmented type of an FU-A start.
    public var startsKeyframe: Bool

    /// Parses `payload`'s readable bytes.
    public init(parsing payload: ByteBuffer) throws(PayloadDescriptorError) {
        let header = try payload.descriptorByte(at: 0)
        let type = header & 0x1F
        nalReferenceIndicator = (header >> 5) & 0x03
        switch type {
        case 1...23:
            packetization = .singleNALUnit
            nalUnitType = type
            startsKeyframe = Self.isKeyframeType(type)
        case Self.stapAType:
            var offset = 1
            var count = 0
            var keyframe = false
            repeat {
                let size = Int(try payload.descriptorUInt16(at: offset))
                guard size > 0 else { throw .badAggregationUnit(at: offset, size: size) }
                guard offset + 2 + size <= payload.readableBytes else { throw .truncated(at: offset + 2, need: size) }
                let nalHeader = try payload.descriptorByte(at: offset + 2)
                keyframe = keyframe || Self.isKeyframeType(nalHeader & 0x1F)
                count += 1
                offset += 2 + size
            } while offset < payload.readableBytes
            packetization = .stapA(nalUnitCount: count)
            nalUnitType = type
            startsKeyframe = keyframe
        case Self.fuAType:
            let fuHeader = try payload.descriptorByte(at: 1)
            let isStart = fuHeader & 0x80 != 0
            packetization = .fuA(isStart: isStart, isEnd: fuHeader & 0x40 != 0)
            nalUnitType = fuHeader & 0x1F
            startsKeyframe = isStart && Self.isKeyframeType(nalUnitType)
        default:
            throw .unsupportedNALUnitType(type)
        }
    }

    static func isKeyframeType(_ type: UInt8) -> Bool {
        type == idrSliceType || type == sequenceParameterSetType
    }

    /// The whole NAL units carried (the single one, or each of an STAP-A;
    /// none for an FU-A), iterated lazily from `payload`.
    public func nalUnits(in payload: ByteBuffer) -> H264NALUnits {
        H264NALUnits(payload: payload, packetization: packetization)
    }
}
