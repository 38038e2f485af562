import NIOCore

/// Splits H.264 access units into RTP payloads in packetization mode 1,
/// non-interleaved (RFC 6184 §6.3): consecutive NAL units that fit
/// together in one payload are aggregated in an STAP-A (SPS + PPS, §5.7.1),
/// a unit alone in a payload is sent as a single NAL unit packet (§5.6),
/// and a unit larger than a payload is fragmented as FU-A (§5.8).
public struct H264Packetizer: Sendable {
    /// The largest payload to produce.
    public var maxPayloadSize: Int

    public init(maxPayloadSize: Int) {
        self.maxPayloadSize = maxPayloadSize
    }

    /// Packetizes one access unit in Annex B form (start codes).
    public func packetize(annexB accessUnit: ByteBuffer, emit: (PacketizedPayload) -> Void) throws(PacketizationError) {
        try packetize(nalUnits: H264AnnexB.nalUnits(in: accessUnit), emit: emit)
    }

    /// Packetizes one access unit in Annex B form into an array of payloads.
    public func packetize(annexB accessUnit: ByteBuffer) throws(PacketizationError) -> [PacketizedPayload] {
        try packetize(nalUnits: H264AnnexB.nalUnits(in: accessUnit))
    }

    /// Packetizes one access unit given as NAL units (header byte first, no
    /// start codes) into an array of payloads.
    public func packetize(nalUnits: [ByteBuffer]) throws(PacketizationError) -> [PacketizedPayload] {
        var payloads: [PacketizedPayload] = []
        try packetize(nalUnits: nalUnits) { payloads.append($0) }
        return payloads
    }

    /// Packetizes one access unit given as NAL units (header byte first, no
    /// start codes), handing each payload to `emit` in order; the last has
    /// `marker` set (RFC 6184 §5.1: the last packet of the access unit).
    public func packetize(nalUnits: [ByteBuffer], emit: (PacketizedPayload) -> Void) throws(PacketizationError) {
        guard !nalUnits.isEmpty else { throw .noNALUnits }
        // FU-A needs its 2-byte header plus one byte of data.
        guard maxPayloadSize >= 3 else { throw .maxPayloadSizeTooSmall(maxPayloadSize, need: 3) }
        var total = 0
        for (index, unit) in nalUnits.enumerated() {
            guard let header = unit.getInteger(at: unit.readerIndex, as: UInt8.self), unit.readableBytes > 0 else {
                throw .noNALUnits
            }
            let type = header & 0x1F
            guard header & 0x80 == 0, (1...23).contains(type) else { throw .badNALUnit(index: index, header: header) }
            total += unit.readableBytes
        }

        let fragmentCapacity = maxPayloadSize - 2
        var batch = PayloadBatch(capacity: total + 3 * nalUnits.count + 2 * (total / fragmentCapacity + 1), pieces: 8)
        // Units waiting to go out together: indices pending..<index.
        var pendingStart = 0
        var pendingSize = 0  // payload bytes if they were sent now as an STAP-A
        func flush(upTo end: Int) {
            if end - pendingStart == 1 {
                batch.buffer.writeImmutableBuffer(nalUnits[pendingStart])
                batch.finishPayload()
            } else if end - pendingStart > 1 {
                // Sizes were checked above (1...maxPayloadSize), so this cannot throw.
                try? H264Payload.writeSTAPA(nalUnits[pendingStart..<end], into: &batch.buffer)
                batch.finishPayload()
            }
            pendingStart = end
            pendingSize = 0
        }
        for (index, unit) in nalUnits.enumerated() {
            let size = unit.readableBytes
            if size > maxPayloadSize {
                flush(upTo: index)
                writeFragments(of: unit, capacity: fragmentCapacity, into: &batch)
                pendingStart = index + 1
                continue
            }
            let grown = (pendingSize == 0 ? 1 : pendingSize) + 2 + size
            if pendingSize > 0 && grown > maxPayloadSize {
                flush(upTo: index)
            }
            pendingSize = (pendingSize == 0 ? 1 : pendingSize) + 2 + size
        }
        flush(upTo: nalUnits.count)
        batch.emit(emit)
    }

    /// FU-A fragments of one NAL unit: its header is carried in the FU
    /// indicator and header, the rest split evenly.
    private func writeFragments(of unit: ByteBuffer, capacity: Int, into batch: inout PayloadBatch) {
        let header = unit.getInteger(at: unit.readerIndex, as: UInt8.self) ?? 0
        let split = EvenSplit(total: unit.readableBytes - 1, capacity: capacity)
        var offset = unit.readerIndex + 1
        for (index, length) in split.enumerated() {
            let fragment = unit.getSlice(at: offset, length: length) ?? ByteBuffer()
            H264Payload.writeFUA(
                nalHeader: header, isStart: index == 0, isEnd: index == split.count - 1, fragment: fragment,
                into: &batch.buffer)
            offset += length
            batch.finishPayload()
        }
    }
}
