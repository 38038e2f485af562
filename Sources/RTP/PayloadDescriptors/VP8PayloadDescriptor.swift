import NIOCore

/// The VP8 payload descriptor (RFC 7741 §4.2) at the start of a VP8 RTP
/// payload:
///
///     X R N S R PID      X: extension byte, N: non-reference frame,
///     I L T K RSV        S: start of partition, PID: partition index
///     M PictureID[7/15]  (I)  L: TL0PICIDX, T: TID/Y, K: KEYIDX
///     TL0PICIDX          (L)
///     TID Y KEYIDX       (T or K)
///
/// Parsing reads from the payload's readable bytes and allocates nothing.
public struct VP8PayloadDescriptor: Sendable, Hashable {
    /// N: the frame can be discarded without affecting others.
    public var isNonReference: Bool
    /// S: the packet starts a VP8 partition.
    public var isStartOfPartition: Bool
    /// PID: the partition index, 0-7.
    public var partitionIndex: UInt8
    /// The picture ID (I), 7 or 15 bits wide per `hasLongPictureID`.
    public var pictureID: UInt16?
    /// M: the picture ID is 15 bits (2 bytes) rather than 7.
    public var hasLongPictureID: Bool
    /// TL0PICIDX (L): running index of the base temporal layer's frames.
    public var tl0PictureIndex: UInt8?
    /// TID (T): the temporal layer index, 0-3.
    public var temporalLayerIndex: UInt8?
    /// Y: layer sync; written with the TID/KEYIDX byte (T or K).
    public var isLayerSync: Bool
    /// KEYIDX (K): the temporal key frame index, 0-31.
    public var keyIndex: UInt8?

    public init(
        isNonReference: Bool = false, isStartOfPartition: Bool, partitionIndex: UInt8 = 0,
        pictureID: UInt16? = nil, hasLongPictureID: Bool = true, tl0PictureIndex: UInt8? = nil,
        temporalLayerIndex: UInt8? = nil, isLayerSync: Bool = false, keyIndex: UInt8? = nil
    ) {
        self.isNonReference = isNonReference
        self.isStartOfPartition = isStartOfPartition
        self.partitionIndex = partitionIndex & 0x07
        // Width and Y mean nothing without their fields; keep them false
        // then, as parsing does, so equal descriptors compare equal.
        self.hasLongPictureID = pictureID != nil && hasLongPictureID
        self.pictureID = pictureID.map { $0 & (hasLongPictureID ? 0x7FFF : 0x7F) }
        self.tl0PictureIndex = tl0PictureIndex
        self.temporalLayerIndex = temporalLayerIndex.map { $0 & 0x03 }
        self.isLayerSync = isLayerSync && (temporalLayerIndex != nil || keyIndex != nil)
        self.keyIndex = keyIndex.map { $0 & 0x1F }
    }

    /// Parses the descriptor at the start of `payload`'s readable bytes.
    public init(parsing payload: ByteBuffer) throws(PayloadDescriptorError) {
        let first = try payload.descriptorByte(at: 0)
        isNonReference = first & 0x20 != 0
        isStartOfPartition = first & 0x10 != 0
        partitionIndex = first & 0x07
        pictureID = nil
        hasLongPictureID = false
        tl0PictureIndex = nil
        temporalLayerIndex = nil
        isLayerSync = false
        keyIndex = nil
        guard first & 0x80 != 0 else { return }

        let flags = try payload.descriptorByte(at: 1)
        var offset = 2
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
        if flags & 0x40 != 0 {
            tl0PictureIndex = try payload.descriptorByte(at: offset)
            offset += 1
        }
        if flags & 0x30 != 0 {
            let byte = try payload.descriptorByte(at: offset)
            if flags & 0x20 != 0 { temporalLayerIndex = byte >> 6 }
            isLayerSync = byte & 0x20 != 0
            if flags & 0x10 != 0 { keyIndex = byte & 0x1F }
        }
    }

    /// Whether the extension byte (X) is written.
    public var hasExtension: Bool {
        pictureID != nil || tl0PictureIndex != nil || temporalLayerIndex != nil || keyIndex != nil
    }

    /// Bytes of the descriptor; the VP8 payload header follows.
    public var length: Int {
        guard hasExtension else { return 1 }
        var length = 2
        if pictureID != nil { length += hasLongPictureID ? 2 : 1 }
        if tl0PictureIndex != nil { length += 1 }
        if temporalLayerIndex != nil || keyIndex != nil { length += 1 }
        return length
    }

    /// The picture ID's range mask: 0x7FFF (15-bit) or 0x7F (7-bit).
    public var pictureIDMask: UInt16 { hasLongPictureID ? 0x7FFF : 0x7F }

    /// Whether the packet starts a frame: S set and partition index 0.
    public var isStartOfFrame: Bool { isStartOfPartition && partitionIndex == 0 }

    /// Whether the packet starts a key frame: start of a frame and the P bit
    /// of the VP8 payload header (RFC 7741 §4.3, first byte after the
    /// descriptor) is 0. `payload` is the payload this was parsed from.
    public func startsKeyframe(payload: ByteBuffer) -> Bool {
        guard isStartOfFrame, let header = payload.getInteger(at: payload.readerIndex + length, as: UInt8.self),
            length < payload.readableBytes
        else { return false }
        return header & 0x01 == 0
    }

    /// Appends the descriptor (fields are masked to their widths).
    public func write(into buffer: inout ByteBuffer) {
        let extended = hasExtension
        var first = partitionIndex & 0x07
        if extended { first |= 0x80 }
        if isNonReference { first |= 0x20 }
        if isStartOfPartition { first |= 0x10 }
        buffer.writeInteger(first)
        guard extended else { return }
        var flags: UInt8 = 0
        if pictureID != nil { flags |= 0x80 }
        if tl0PictureIndex != nil { flags |= 0x40 }
        if temporalLayerIndex != nil { flags |= 0x20 }
        if keyIndex != nil { flags |= 0x10 }
        buffer.writeInteger(flags)
        if let pictureID {
            if hasLongPictureID {
                buffer.writeInteger(0x8000 | (pictureID & 0x7FFF))
            } else {
                buffer.writeInteger(UInt8(pictureID & 0x7F))
            }
        }
        if let tl0PictureIndex { buffer.writeInteger(tl0PictureIndex) }
        if temporalLayerIndex != nil || keyIndex != nil {
            let tid = (temporalLayerIndex ?? 0) & 0x03
            buffer.writeInteger(tid << 6 | (isLayerSync ? 0x20 : 0) | ((keyIndex ?? 0) & 0x1F))
        }
    }

    // MARK: - In-place rewrites

    /// Rewrites the picture ID in place, keeping its 7- or 15-bit width:
    /// `value` wraps modulo 2^7 or 2^15. `payloadIndex` is the absolute
    /// index of the payload (this descriptor) in `buffer`. Returns false,
    /// writing nothing, when the descriptor has no picture ID.
    @discardableResult
    public mutating func setPictureID(_ value: UInt16, in buffer: inout ByteBuffer, payloadIndex: Int) -> Bool {
        guard pictureID != nil else { return false }
        pictureID = PictureIDField.write(value, long: hasLongPictureID, at: payloadIndex + 2, in: &buffer)
        return true
    }

    /// Rewrites TL0PICIDX in place. Returns false, writing nothing, when
    /// the descriptor has none.
    @discardableResult
    public mutating func setTL0PictureIndex(_ value: UInt8, in buffer: inout ByteBuffer, payloadIndex: Int) -> Bool {
        guard tl0PictureIndex != nil else { return false }
        let offset = 2 + (pictureID == nil ? 0 : (hasLongPictureID ? 2 : 1))
        buffer.setInteger(value, at: payloadIndex + offset)
        tl0PictureIndex = value
        return true
    }
}
