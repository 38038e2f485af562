import NIOCore

/// The VP9 payload descriptor (RFC 9628 §4.2) at the start of a VP9 RTP
/// payload:
///
///     I P L F B E V Z        flags (see the properties)
///     M PictureID[7/15]      (I)
///     TID U SID D            (L)
///     TL0PICIDX              (L, non-flexible mode)
///     P_DIFF N, up to 3x     (F and P: flexible mode)
///     scalability structure  (V)
///
/// Parsing reads from the payload's readable bytes and allocates nothing;
/// the scalability structure is measured and located, and decoded in full
/// on demand (`scalabilityStructure(in:)`).
public struct VP9PayloadDescriptor: Sendable, Hashable {
    /// TID U SID D: the layer of the frame this packet belongs to.
    public struct LayerIndices: Sendable, Hashable {
        /// TID: temporal layer, 0-7.
        public var temporalID: UInt8
        /// U: switching up point to a higher temporal layer.
        public var isSwitchingUpPoint: Bool
        /// SID: spatial layer, 0-7.
        public var spatialID: UInt8
        /// D: the frame depends on the spatial layer below.
        public var isInterLayerDependent: Bool

        public init(temporalID: UInt8, isSwitchingUpPoint: Bool = false, spatialID: UInt8, isInterLayerDependent: Bool = false) {
            self.temporalID = temporalID & 0x07
            self.isSwitchingUpPoint = isSwitchingUpPoint
            self.spatialID = spatialID & 0x07
            self.isInterLayerDependent = isInterLayerDependent
        }
    }

    /// Where a scalability structure lies in the payload and its shape.
    public struct ScalabilityStructureLocation: Sendable, Hashable {
        /// Its bytes, relative to the payload's first byte.
        public var range: Range<Int>
        /// N_S + 1: the number of spatial layers, 1-8.
        public var spatialLayerCount: Int
        /// Y: resolutions are present.
        public var hasResolutions: Bool
        /// N_G when G is set, else nil.
        public var pictureGroupCount: Int?
    }

    /// P: the frame is inter-picture predicted.
    public var isInterPicturePredicted: Bool
    /// F: flexible mode (P_DIFFs instead of TL0PICIDX).
    public var isFlexibleMode: Bool
    /// B: the packet starts a frame.
    public var isStartOfFrame: Bool
    /// E: the packet ends a frame.
    public var isEndOfFrame: Bool
    /// Z: the frame is not used for prediction by higher spatial layers.
    public var isNotUsedForUpperSpatialLayer: Bool
    /// The picture ID (I), 7 or 15 bits wide per `hasLongPictureID`.
    public var pictureID: UInt16?
    /// M: the picture ID is 15 bits.
    public var hasLongPictureID: Bool
    /// Layer indices (L).
    public var layerIndices: LayerIndices?
    /// TL0PICIDX: present with layer indices in non-flexible mode.
    public var tl0PictureIndex: UInt8?
    /// Reference differences: flexible mode with P set.
    public var referenceDifferences: VP9ReferenceDifferences
    /// Where the scalability structure (V) lies, set by parsing.
    public var scalabilityStructureLocation: ScalabilityStructureLocation?

    public init(
        isInterPicturePredicted: Bool, isFlexibleMode: Bool = false, isStartOfFrame: Bool, isEndOfFrame: Bool,
        isNotUsedForUpperSpatialLayer: Bool = false, pictureID: UInt16? = nil, hasLongPictureID: Bool = true,
        layerIndices: LayerIndices? = nil, tl0PictureIndex: UInt8? = nil,
        referenceDifferences: VP9ReferenceDifferences = VP9ReferenceDifferences()
    ) {
        self.isInterPicturePredicted = isInterPicturePredicted
        self.isFlexibleMode = isFlexibleMode
        self.isStartOfFrame = isStartOfFrame
        self.isEndOfFrame = isEndOfFrame
        self.isNotUsedForUpperSpatialLayer = isNotUsedForUpperSpatialLayer
        self.hasLongPictureID = pictureID != nil && hasLongPictureID
        self.pictureID = pictureID.map { $0 & (hasLongPictureID ? 0x7FFF : 0x7F) }
        self.layerIndices = layerIndices
        self.tl0PictureIndex = tl0PictureIndex
        self.referenceDifferences = referenceDifferences
        self.scalabilityStructureLocation = nil
    }

    /// Parses the descriptor at the start of `payload`'s readable bytes.
    public init(parsing payload: ByteBuffer) throws(PayloadDescriptorError) {
        let flags = try payload.descriptorByte(at: 0)
        isInterPicturePredicted = flags & 0x40 != 0
        isFlexibleMode = flags & 0x10 != 0
        isStartOfFrame = flags & 0x08 != 0
        isEndOfFrame = flags & 0x04 != 0
        isNotUsedForUpperSpatialLayer = flags & 0x01 != 0
        pictureID = nil
        hasLongPictureID = false
        layerIndices = nil
        tl0PictureIndex = nil
        referenceDifferences = VP9ReferenceDifferences()
        scalabilityStructureLocation = nil

        var offset = 1
        if flags & 0x80 != 0 {
            let high = try payload.descriptorByte(at: offset)
            if high & 0x80 != 0 {
                pictureID = try payload.descriptorUInt16(at: offset) & 0x7FFF
                hasLongPictureID = true
                offset += 2
            } else {
                pictureID = UInt16(high)
                offset += 1
            }
        }
        if flags & 0x20 != 0 {
            let byte = try payload.descriptorByte(at: offset)
            layerIndices = LayerIndices(
                temporalID: byte >> 5, isSwitchingUpPoint: byte & 0x10 != 0, spatialID: (byte >> 1) & 0x07,
                isInterLayerDependent: byte & 0x01 != 0)
            offset += 1
            if !isFlexibleMode {
                tl0PictureIndex = try payload.descriptorByte(at: offset)
                offset += 1
            }
        }
        if isFlexibleMode && isInterPicturePredicted {
            // RFC 9628 §4.2: N set means another P_DIFF follows; at most 3.
            while true {
                let byte = try payload.descriptorByte(at: offset)
                referenceDifferences.append(byte >> 1)
                offset += 1
                if byte & 0x01 == 0 { break }
                if referenceDifferences.count == 3 { throw .tooManyReferenceDifferences(at: offset - 1) }
            }
        }
        if flags & 0x02 != 0 {
            scalabilityStructureLocation = try VP9ScalabilityStructure.locate(in: payload, at: offset)
        }
    }

    /// Bytes of the descriptor, the scalability structure included when
    /// located by parsing; the VP9 frame data follows.
    public var length: Int {
        if let scalabilityStructureLocation { return scalabilityStructureLocation.range.upperBound }
        return lengthBeforeScalabilityStructure
    }

    private var lengthBeforeScalabilityStructure: Int {
        var length = 1
        if pictureID != nil { length += hasLongPictureID ? 2 : 1 }
        if layerIndices != nil { length += isFlexibleMode ? 1 : 2 }
        if isFlexibleMode && isInterPicturePredicted { length += max(referenceDifferences.count, 1) }
        return length
    }

    /// The picture ID's range mask: 0x7FFF (15-bit) or 0x7F (7-bit).
    public var pictureIDMask: UInt16 { hasLongPictureID ? 0x7FFF : 0x7F }

    /// Whether the packet starts a key frame: the start (B) of a frame that
    /// is not inter-picture predicted (P = 0) in the base spatial layer.
    public var startsKeyframe: Bool {
        isStartOfFrame && !isInterPicturePredicted && (layerIndices?.spatialID ?? 0) == 0
    }

    /// The full scalability structure, decoded from `payload` (the payload
    /// this was parsed from); nil when there is none. Allocates.
    public func scalabilityStructure(in payload: ByteBuffer) throws(PayloadDescriptorError) -> VP9ScalabilityStructure? {
        guard let location = scalabilityStructureLocation else { return nil }
        guard let slice = payload.getSlice(at: payload.readerIndex + location.range.lowerBound, length: location.range.count)
        else { throw .truncated(at: location.range.lowerBound, need: location.range.count) }
        return try VP9ScalabilityStructure(parsing: slice)
    }

    /// Appends the descriptor; with `scalabilityStructure` the V flag is set
    /// and the structure follows (the parsed location is ignored). In
    /// flexible mode with P set and no reference differences, a P_DIFF of 0
    /// is written to keep the layout valid. Fields are masked to their widths.
    public func write(into buffer: inout ByteBuffer, scalabilityStructure: VP9ScalabilityStructure? = nil) {
        var flags: UInt8 = 0
        if pictureID != nil { flags |= 0x80 }
        if isInterPicturePredicted { flags |= 0x40 }
        if layerIndices != nil { flags |= 0x20 }
        if isFlexibleMode { flags |= 0x10 }
        if isStartOfFrame { flags |= 0x08 }
        if isEndOfFrame { flags |= 0x04 }
        if scalabilityStructure != nil { flags |= 0x02 }
        if isNotUsedForUpperSpatialLayer { flags |= 0x01 }
        buffer.writeInteger(flags)
        if let pictureID {
            if hasLongPictureID {
                buffer.writeInteger(0x8000 | (pictureID & 0x7FFF))
            } else {
                buffer.writeInteger(UInt8(pictureID & 0x7F))
            }
        }
        if let layerIndices {
            var byte = (layerIndices.temporalID & 0x07) << 5 | (layerIndices.spatialID & 0x07) << 1
            if layerIndices.isSwitchingUpPoint { byte |= 0x10 }
            if layerIndices.isInterLayerDependent { byte |= 0x01 }
            buffer.writeInteger(byte)
            if !isFlexibleMode { buffer.writeInteger(tl0PictureIndex ?? 0) }
        }
        if isFlexibleMode && isInterPicturePredicted {
            if referenceDifferences.isEmpty {
                buffer.writeInteger(UInt8(0))
            }
            for (index, difference) in referenceDifferences.enumerated() {
                let more: UInt8 = index + 1 < referenceDifferences.count ? 1 : 0
                buffer.writeInteger((difference & 0x7F) << 1 | more)
            }
        }
        scalabilityStructure?.write(into: &buffer)
    }

    // MARK: - In-place rewrites

    /// Rewrites the picture ID in place, keeping its 7- or 15-bit width
    /// (`value` wraps accordingly). `payloadIndex` is the absolute index of
    /// the payload in `buffer`. Returns false when there is no picture ID.
    @discardableResult
    public mutating func setPictureID(_ value: UInt16, in buffer: inout ByteBuffer, payloadIndex: Int) -> Bool {
        guard pictureID != nil else { return false }
        pictureID = PictureIDField.write(value, long: hasLongPictureID, at: payloadIndex + 1, in: &buffer)
        return true
    }

    /// Rewrites TL0PICIDX in place. Returns false when there is none.
    @discardableResult
    public mutating func setTL0PictureIndex(_ value: UInt8, in buffer: inout ByteBuffer, payloadIndex: Int) -> Bool {
        guard tl0PictureIndex != nil, layerIndices != nil, !isFlexibleMode else { return false }
        let offset = 2 + (pictureID == nil ? 0 : (hasLongPictureID ? 2 : 1))
        buffer.setInteger(value, at: payloadIndex + offset)
        tl0PictureIndex = value
        return true
    }
}
