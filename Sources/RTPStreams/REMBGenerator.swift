import NIOCore
import RTCP

/// A simple receive-side estimate for publishers that only negotiated
/// goog-remb: the incoming bitrate over the last second with headroom, cut
/// when the caller reports heavy loss. Not a delay-based estimator; it lets
/// a clean publisher ramp up and tells a lossy one to slow down.
public struct REMBGenerator: Sendable {
    /// SSRC put in the REMB's sender field.
    public var senderSSRC: UInt32
    /// Multiple of the incoming bitrate advertised on a clean path.
    public var headroom: Double
    /// Lowest value advertised, bit/s.
    public var minBitrate: UInt64
    /// Highest value advertised, bit/s.
    public var maxBitrate: UInt64
    private var incoming = BitrateMeter()
    private var lossFraction = 0.0

    public init(senderSSRC: UInt32, headroom: Double = 1.5, minBitrate: UInt64 = 30_000, maxBitrate: UInt64 = 20_000_000) {
        self.senderSSRC = senderSSRC
        self.headroom = headroom
        self.minBitrate = minBitrate
        self.maxBitrate = max(maxBitrate, minBitrate)
    }

    /// Records a received media packet of `size` bytes.
    public mutating func onPacket(size: Int, arrival: NIODeadline) {
        incoming.add(size: size, at: arrival)
    }

    /// Records the publisher's loss over the last report interval (fraction lost, 1/256).
    public mutating func onLoss(fractionLost: UInt8) {
        lossFraction = Double(fractionLost) / 256
    }

    /// Bits per second received over the last second at `now`.
    public mutating func incomingBitrate(now: NIODeadline) -> UInt64 {
        incoming.bitrate(now: now)
    }

    /// The estimate at `now`: incoming x headroom, or incoming x (1 - loss/2)
    /// above 10 % loss (draft-ietf-rmcat-gcc-02 §6), within the bounds.
    public mutating func estimate(now: NIODeadline) -> UInt64 {
        let incoming = Double(incomingBitrate(now: now))
        let value = lossFraction > 0.1 ? incoming * (1 - 0.5 * lossFraction) : incoming * headroom
        return min(max(UInt64(value), minBitrate), maxBitrate)
    }

    /// The REMB packet for `mediaSSRCs` at `now`.
    public mutating func remb(mediaSSRCs: [UInt32], now: NIODeadline) -> ReceiverEstimatedMaximumBitrate {
        ReceiverEstimatedMaximumBitrate(senderSSRC: senderSSRC, bitrate: estimate(now: now), ssrcs: mediaSSRCs)
    }
}
