import NIOCore

/// Splits encoded VP8 frames into RTP payloads (RFC 7741 §4): each payload
/// starts with a descriptor carrying X=1, I=1 and a 15-bit picture ID that
/// increments per frame, S=1 on the first payload of the frame and PID=0
/// throughout (the frame is sent as one partition run, as libwebrtc does).
/// With a temporal layer, L and T add TL0PICIDX and TID.
public struct VP8Packetizer: Sendable {
    /// The largest payload to produce (MTU minus IP, UDP, SRTP and RTP
    /// header bytes).
    public var maxPayloadSize: Int
    /// The picture ID the next frame gets (15 bits).
    public private(set) var pictureID: UInt16
    /// The TL0PICIDX of the latest base-layer frame.
    public private(set) var tl0PictureIndex: UInt8
    private var hasSentBaseLayerFrame = false

    public init(maxPayloadSize: Int, firstPictureID: UInt16 = 0, firstTL0PictureIndex: UInt8 = 0) {
        self.maxPayloadSize = maxPayloadSize
        self.pictureID = firstPictureID & 0x7FFF
        self.tl0PictureIndex = firstTL0PictureIndex
    }

    /// Packetizes one encoded frame, handing each payload to `emit` in
    /// order (the last with `marker` set). Writes one buffer per frame.
    public mutating func packetize(
        _ frame: ByteBuffer, temporalLayer: TemporalLayer? = nil, isNonReference: Bool = false,
        emit: (PacketizedPayload) -> Void
    ) throws(PacketizationError) {
        guard frame.readableBytes > 0 else { throw .emptyFrame }
        var descriptor = VP8PayloadDescriptor(
            isNonReference: isNonReference, isStartOfPartition: true, partitionIndex: 0, pictureID: pictureID,
            hasLongPictureID: true, tl0PictureIndex: temporalLayer.map(nextTL0PictureIndex),
            temporalLayerIndex: temporalLayer?.index, isLayerSync: temporalLayer?.isLayerSync ?? false)
        let overhead = descriptor.length
        guard maxPayloadSize > overhead else { throw .maxPayloadSizeTooSmall(maxPayloadSize, need: overhead + 1) }

        // RFC 7741 §4.2: TL0PICIDX increments with every base-layer frame.
        if let temporalLayer, temporalLayer.index == 0 {
            tl0PictureIndex = nextTL0PictureIndex(temporalLayer)
            hasSentBaseLayerFrame = true
        }
        let split = EvenSplit(total: frame.readableBytes, capacity: maxPayloadSize - overhead)
        var batch = PayloadBatch(capacity: frame.readableBytes + split.count * overhead, pieces: split.count)
        var offset = frame.readerIndex
        for length in split {
            descriptor.write(into: &batch.buffer)
            descriptor.isStartOfPartition = false
            if let piece = frame.getSlice(at: offset, length: length) { batch.buffer.writeImmutableBuffer(piece) }
            offset += length
            batch.finishPayload()
        }
        pictureID = (pictureID &+ 1) & 0x7FFF
        batch.emit(emit)
    }

    /// Packetizes one encoded frame into an array of payloads.
    public mutating func packetize(
        _ frame: ByteBuffer, temporalLayer: TemporalLayer? = nil, isNonReference: Bool = false
    ) throws(PacketizationError) -> [PacketizedPayload] {
        var payloads: [PacketizedPayload] = []
        try packetize(frame, temporalLayer: temporalLayer, isNonReference: isNonReference) { payloads.append($0) }
        return payloads
    }

    private func nextTL0PictureIndex(_ layer: TemporalLayer) -> UInt8 {
        layer.index == 0 && hasSentBaseLayerFrame ? tl0PictureIndex &+ 1 : tl0PictureIndex
    }
}
