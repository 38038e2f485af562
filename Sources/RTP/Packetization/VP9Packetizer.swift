import NIOCore

/// Splits encoded VP9 frames of one spatial layer into RTP payloads in
/// non-flexible mode (RFC 9628 §4): I=1 with a 15-bit picture ID that
/// increments per frame, P=0 on keyframes, B on the first and E on the
/// last payload, and on a keyframe's first payload the scalability
/// structure (V) when one is set. A temporal layer adds L (TID, U, SID=0)
/// and TL0PICIDX.
public struct VP9Packetizer: Sendable {
    /// The largest payload to produce.
    public var maxPayloadSize: Int
    /// Sent (V) on the first payload of each keyframe when set; RFC 9628
    /// §4.2.1 recommends it so receivers learn the resolution.
    public var scalabilityStructure: VP9ScalabilityStructure?
    /// The picture ID the next frame gets (15 bits).
    public private(set) var pictureID: UInt16
    /// The TL0PICIDX of the latest base-layer frame.
    public private(set) var tl0PictureIndex: UInt8
    private var hasSentBaseLayerFrame = false

    public init(
        maxPayloadSize: Int, scalabilityStructure: VP9ScalabilityStructure? = nil, firstPictureID: UInt16 = 0,
        firstTL0PictureIndex: UInt8 = 0
    ) {
        self.maxPayloadSize = maxPayloadSize
        self.scalabilityStructure = scalabilityStructure
        self.pictureID = firstPictureID & 0x7FFF
        self.tl0PictureIndex = firstTL0PictureIndex
    }

    /// Packetizes one encoded frame, handing each payload to `emit` in
    /// order (the last with `marker` set: one spatial layer, so the frame
    /// ends the picture).
    public mutating func packetize(
        _ frame: ByteBuffer, isKeyframe: Bool, temporalLayer: TemporalLayer? = nil,
        emit: (PacketizedPayload) -> Void
    ) throws(PacketizationError) {
        guard frame.readableBytes > 0 else { throw .emptyFrame }
        let isBaseLayer = temporalLayer.map { $0.index == 0 } ?? false
        let tl0 = isBaseLayer && hasSentBaseLayerFrame ? tl0PictureIndex &+ 1 : tl0PictureIndex
        var descriptor = VP9PayloadDescriptor(
            isInterPicturePredicted: !isKeyframe, isStartOfFrame: true, isEndOfFrame: false, pictureID: pictureID,
            hasLongPictureID: true,
            layerIndices: temporalLayer.map {
                .init(temporalID: $0.index, isSwitchingUpPoint: $0.isLayerSync, spatialID: 0)
            },
            tl0PictureIndex: temporalLayer == nil ? nil : tl0)
        let structure = isKeyframe ? scalabilityStructure : nil
        // The structure rides on the first payload only; reserving its room
        // in every payload keeps the even split simple.
        let overhead = descriptor.length + (structure?.encodedLength ?? 0)
        guard maxPayloadSize > overhead else { throw .maxPayloadSizeTooSmall(maxPayloadSize, need: overhead + 1) }

        if isBaseLayer {
            tl0PictureIndex = tl0
            hasSentBaseLayerFrame = true
        }
        let split = EvenSplit(total: frame.readableBytes, capacity: maxPayloadSize - overhead)
        var batch = PayloadBatch(capacity: frame.readableBytes + split.count * overhead, pieces: split.count)
        var offset = frame.readerIndex
        for (index, length) in split.enumerated() {
            descriptor.isStartOfFrame = index == 0
            descriptor.isEndOfFrame = index == split.count - 1
            descriptor.write(into: &batch.buffer, scalabilityStructure: index == 0 ? structure : nil)
            if let piece = frame.getSlice(at: offset, length: length) { batch.buffer.writeImmutableBuffer(piece) }
            offset += length
            batch.finishPayload()
        }
        pictureID = (pictureID &+ 1) & 0x7FFF
        batch.emit(emit)
    }

    /// Packetizes one encoded frame into an array of payloads.
    public mutating func packetize(
        _ frame: ByteBuffer, isKeyframe: Bool, temporalLayer: TemporalLayer? = nil
    ) throws(PacketizationError) -> [PacketizedPayload] {
        var payloads: [PacketizedPayload] = []
        try packetize(frame, isKeyframe: isKeyframe, temporalLayer: temporalLayer) { payloads.append($0) }
        return payloads
    }
}
