import NIOCore

/// Errors from building H.264 configuration records or converting access units.
public enum AVCError: Error, Sendable, Equatable {
    /// An SPS shorter than the 4 bytes whose profile and level the record copies.
    case spsTooShort(Int)
    /// A parameter set or NAL unit longer than its length field allows.
    case nalUnitTooLong(Int)
    /// No SPS or no PPS was given.
    case missingParameterSet
}

/// The AVCDecoderConfigurationRecord ("avcC", ISO/IEC 14496-15 §5.3.3.1),
/// the CodecPrivate of a V_MPEG4/ISO/AVC Matroska track.
public struct AVCDecoderConfiguration: Sendable, Equatable {
    /// Raw SPS NAL units (with their NAL header byte, without start codes).
    public var sequenceParameterSets: [[UInt8]]
    /// Raw PPS NAL units.
    public var pictureParameterSets: [[UInt8]]

    public init(sps: [[UInt8]], pps: [[UInt8]]) throws(AVCError) {
        guard let first = sps.first, !pps.isEmpty else { throw .missingParameterSet }
        guard first.count >= 4 else { throw .spsTooShort(first.count) }
        for unit in sps + pps where unit.count > Int(UInt16.max) { throw .nalUnitTooLong(unit.count) }
        guard sps.count <= 31, pps.count <= 255 else { throw .missingParameterSet }
        sequenceParameterSets = sps
        pictureParameterSets = pps
    }

    /// Writes the record; NAL lengths in the samples are 4 bytes (lengthSizeMinusOne = 3).
    public func write(into buffer: inout ByteBuffer) {
        let sps = sequenceParameterSets[0]
        buffer.writeInteger(UInt8(1))  // configurationVersion
        buffer.writeInteger(sps[1])  // AVCProfileIndication
        buffer.writeInteger(sps[2])  // profile_compatibility
        buffer.writeInteger(sps[3])  // AVCLevelIndication
        buffer.writeInteger(UInt8(0xFC | 3))
        buffer.writeInteger(UInt8(0xE0 | sequenceParameterSets.count))
        for unit in sequenceParameterSets {
            buffer.writeInteger(UInt16(unit.count))
            buffer.writeBytes(unit)
        }
        buffer.writeInteger(UInt8(pictureParameterSets.count))
        for unit in pictureParameterSets {
            buffer.writeInteger(UInt16(unit.count))
            buffer.writeBytes(unit)
        }
    }

    /// The record as bytes.
    public var bytes: [UInt8] {
        var buffer = ByteBuffer()
        write(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    /// Converts an Annex B access unit (start codes 00 00 01 / 00 00 00 01) to
    /// AVCC (each NAL unit preceded by its 4-byte big-endian length), the sample
    /// format Matroska stores.
    public static func lengthPrefixed(annexB: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(annexB.count + 8)
        var starts: [(payload: Int, code: Int)] = []
        var index = 0
        while index + 2 < annexB.count {
            if annexB[index] == 0, annexB[index + 1] == 0, annexB[index + 2] == 1 {
                let codeStart = index > 0 && annexB[index - 1] == 0 ? index - 1 : index
                starts.append((index + 3, codeStart))
                index += 3
            } else {
                index += 1
            }
        }
        for (position, start) in starts.enumerated() {
            var end = position + 1 < starts.count ? starts[position + 1].code : annexB.count
            while end > start.payload, annexB[end - 1] == 0 { end -= 1 }  // trailing_zero_8bits
            let length = end - start.payload
            guard length > 0 else { continue }
            output.append(contentsOf: [UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
                                       UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)])
            output.append(contentsOf: annexB[start.payload..<end])
        }
        return output
    }
}
