import NIOCore

/// How much of each published video stream is kept for retransmissions.
public struct RetransmissionHistoryLimits: Sendable, Hashable {
    /// How long a packet may still be retransmitted. Receivers that NACK a
    /// packet again only when a new gap appears (aiortc) ask a second time
    /// seconds later; 1 s left those holes for good (mediasoup keeps 2 s).
    public var maxAge: TimeAmount
    /// Packets held per publisher stream at most, whatever the bitrate:
    /// the memory bound (each packet is at most one datagram).
    public var maxPackets: Int

    public init(maxAge: TimeAmount = .seconds(3), maxPackets: Int = 2_048) {
        self.maxAge = maxAge
        self.maxPackets = maxPackets
    }

    /// `maxPackets` as a ring size: a power of two in 1...32768.
    var slotLimit: Int {
        let clamped = min(max(maxPackets, 1), 32_768)
        var size = 1
        while size < clamped { size <<= 1 }
        return size
    }
}
