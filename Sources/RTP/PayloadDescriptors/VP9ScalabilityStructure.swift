import NIOCore

/// The VP9 scalability structure (SS, RFC 9628 §4.2.1), sent with key
/// frames when the V flag is set:
///
///     N_S Y G - - -          N_S + 1 spatial layers
///     WIDTH HEIGHT (16 each) (Y) once per spatial layer
///     N_G                    (G) picture group size
///     TID U R - -, P_DIFF*R  (G) N_G times
///
/// This full form holds arrays, so it allocates: decode it off the hot
/// path (`VP9PayloadDescriptor.scalabilityStructure(in:)`).
public struct VP9ScalabilityStructure: Sendable, Hashable {
    /// One spatial layer's frame size.
    public struct Resolution: Sendable, Hashable {
        public var width: UInt16
        public var height: UInt16

        public init(width: UInt16, height: UInt16) {
            self.width = width
            self.height = height
        }
    }

    /// One picture of the group of pictures.
    public struct PictureGroupEntry: Sendable, Hashable {
        /// TID, 0-7.
        public var temporalID: UInt8
        /// U: switching up point.
        public var isSwitchingUpPoint: Bool
        /// The P_DIFFs of its references (R of them, up to 3).
        public var referenceDifferences: VP9ReferenceDifferences

        public init(temporalID: UInt8, isSwitchingUpPoint: Bool = false, referenceDifferences: VP9ReferenceDifferences = .init()) {
            self.temporalID = temporalID & 0x07
            self.isSwitchingUpPoint = isSwitchingUpPoint
            self.referenceDifferences = referenceDifferences
        }
    }

    /// N_S + 1: the number of spatial layers, 1-8.
    public var spatialLayerCount: Int
    /// The resolution of each spatial layer (Y), or nil.
    public var resolutions: [Resolution]?
    /// The picture group (G), or nil. At most 255 entries.
    public var pictureGroup: [PictureGroupEntry]?

    public init(spatialLayerCount: Int, resolutions: [Resolution]? = nil, pictureGroup: [PictureGroupEntry]? = nil) {
        self.spatialLayerCount = spatialLayerCount
        self.resolutions = resolutions
        self.pictureGroup = pictureGroup
    }

    /// Parses the structure at the start of `bytes`' readable bytes.
    public init(parsing bytes: ByteBuffer) throws(PayloadDescriptorError) {
        let location = try Self.locate(in: bytes, at: 0)
        let first = try bytes.descriptorByte(at: 0)
        spatialLayerCount = location.spatialLayerCount
        var offset = 1
        if location.hasResolutions {
            var resolutions: [Resolution] = []
            resolutions.reserveCapacity(spatialLayerCount)
            for _ in 0..<spatialLayerCount {
                let width = try bytes.descriptorUInt16(at: offset)
                let height = try bytes.descriptorUInt16(at: offset + 2)
                resolutions.append(Resolution(width: width, height: height))
                offset += 4
            }
            self.resolutions = resolutions
        } else {
            resolutions = nil
        }
        if first & 0x08 != 0 {
            let count = Int(try bytes.descriptorByte(at: offset))
            offset += 1
            var group: [PictureGroupEntry] = []
            group.reserveCapacity(count)
            for _ in 0..<count {
                let byte = try bytes.descriptorByte(at: offset)
                var differences = VP9ReferenceDifferences()
                for index in 0..<Int((byte >> 2) & 0x03) {
                    differences.append(try bytes.descriptorByte(at: offset + 1 + index))
                }
                group.append(PictureGroupEntry(temporalID: byte >> 5, isSwitchingUpPoint: byte & 0x10 != 0, referenceDifferences: differences))
                offset += 1 + differences.count
            }
            pictureGroup = group
        } else {
            pictureGroup = nil
        }
    }

    /// Measures the structure starting at `start` in `payload` without
    /// allocating, checking that every part is present.
    static func locate(in payload: ByteBuffer, at start: Int) throws(PayloadDescriptorError)
        -> VP9PayloadDescriptor.ScalabilityStructureLocation
    {
        let first = try payload.descriptorByte(at: start)
        let spatialLayerCount = Int(first >> 5) + 1
        let hasResolutions = first & 0x10 != 0
        var offset = start + 1
        if hasResolutions {
            let need = 4 * spatialLayerCount
            guard offset + need <= payload.readableBytes else { throw .truncated(at: offset, need: need) }
            offset += need
        }
        var pictureGroupCount: Int?
        if first & 0x08 != 0 {
            let count = Int(try payload.descriptorByte(at: offset))
            offset += 1
            for _ in 0..<count {
                let byte = try payload.descriptorByte(at: offset)
                let references = Int((byte >> 2) & 0x03)
                guard offset + 1 + references <= payload.readableBytes else {
                    throw .truncated(at: offset + 1, need: references)
                }
                offset += 1 + references
            }
            pictureGroupCount = count
        }
        return .init(
            range: start..<offset, spatialLayerCount: spatialLayerCount, hasResolutions: hasResolutions,
            pictureGroupCount: pictureGroupCount)
    }

    /// Bytes when written.
    public var encodedLength: Int {
        var length = 1
        if resolutions != nil { length += 4 * max(1, min(spatialLayerCount, 8)) }
        if let pictureGroup {
            length += 1
            for entry in pictureGroup.prefix(255) { length += 1 + entry.referenceDifferences.count }
        }
        return length
    }

    /// Appends the structure. The spatial layer count is clamped to 1-8;
    /// with resolutions, one is written per layer (missing ones as 0x0);
    /// at most 255 picture group entries are written.
    public func write(into buffer: inout ByteBuffer) {
        let layers = max(1, min(spatialLayerCount, 8))
        var first = UInt8(layers - 1) << 5
        if resolutions != nil { first |= 0x10 }
        if pictureGroup != nil { first |= 0x08 }
        buffer.writeInteger(first)
        if let resolutions {
            for index in 0..<layers {
                let resolution = index < resolutions.count ? resolutions[index] : Resolution(width: 0, height: 0)
                buffer.writeInteger(resolution.width)
                buffer.writeInteger(resolution.height)
            }
        }
        if let pictureGroup {
            let entries = pictureGroup.prefix(255)
            buffer.writeInteger(UInt8(entries.count))
            for entry in entries {
                var byte = (entry.temporalID & 0x07) << 5 | UInt8(entry.referenceDifferences.count) << 2
                if entry.isSwitchingUpPoint { byte |= 0x10 }
                buffer.writeInteger(byte)
                for difference in entry.referenceDifferences { buffer.writeInteger(difference) }
            }
        }
    }
}
