import NIOCore

/// One RTP payload made by a packetizer: descriptor or payload header
/// followed by data. The caller wraps it in an RTP header (sequence number,
/// timestamp, SSRC) and sets the marker bit from `marker`.
public struct PacketizedPayload: Sendable, Hashable {
    /// The payload bytes (a slice of a buffer shared by the frame's payloads).
    public var payload: ByteBuffer
    /// Whether this is the last packet of the frame / access unit: the RTP
    /// marker bit for video (RFC 7741 §4.1, RFC 9628 §4.1, RFC 6184 §5.1).
    public var marker: Bool

    public init(payload: ByteBuffer, marker: Bool) {
        self.payload = payload
        self.marker = marker
    }
}

/// A temporal layer assignment for a frame (VP8 TID is 2 bits, VP9 TID 3).
public struct TemporalLayer: Sendable, Hashable {
    /// TID: the temporal layer index.
    public var index: UInt8
    /// Y (VP8) / U (VP9): a layer sync / switching-up point.
    public var isLayerSync: Bool

    public init(index: UInt8, isLayerSync: Bool = false) {
        self.index = index
        self.isLayerSync = isLayerSync
    }
}

/// The payloads of one frame written back to back into one buffer, then
/// handed out as slices: one allocation per frame instead of one per
/// packet. Slices are taken only after all writes, so no copy-on-write.
struct PayloadBatch {
    var buffer: ByteBuffer
    private var ends: [Int] = []

    init(capacity: Int, pieces: Int) {
        buffer = ByteBuffer()
        buffer.reserveCapacity(capacity)
        ends.reserveCapacity(pieces)
    }

    /// Closes the payload written since the previous call.
    mutating func finishPayload() {
        ends.append(buffer.writerIndex)
    }

    /// Hands out the payloads in order, the marker on the last.
    func emit(_ emit: (PacketizedPayload) -> Void) {
        var start = buffer.readerIndex
        for (index, end) in ends.enumerated() {
            let slice = buffer.getSlice(at: start, length: end - start) ?? ByteBuffer()
            emit(PacketizedPayload(payload: slice, marker: index == ends.count - 1))
            start = end
        }
    }
}

/// Splits `total` bytes into the fewest pieces of at most `capacity`
/// bytes, with sizes differing by at most one (as libwebrtc does), so the
/// last packet is not a runt.
struct EvenSplit: Sequence, IteratorProtocol {
    let count: Int
    private let base: Int
    private let remainder: Int
    private var index = 0

    /// `capacity` must be at least 1.
    init(total: Int, capacity: Int) {
        let capacity = Swift.max(capacity, 1)
        count = Swift.max(1, (total + capacity - 1) / capacity)
        base = total / count
        remainder = total % count
    }

    mutating func next() -> Int? {
        guard index < count else { return nil }
        defer { index += 1 }
        return index < remainder ? base + 1 : base
    }
}
