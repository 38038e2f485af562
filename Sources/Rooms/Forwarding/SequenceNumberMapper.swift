import RTP

/// Maps a source's RTP sequence numbers to a down track's outgoing ones.
///
/// Within a source the outgoing number is the incoming one plus an offset,
/// so a publisher's loss stays a gap the subscriber can NACK. A packet the
/// down track drops on purpose (padding, a codec the subscriber lacks) is
/// taken out of the numbering with `skip(_:)`: later packets shift down by
/// one, as mediasoup's sequence manager does, while late packets from
/// before it keep the older offset. Each offset holds from an incoming
/// number on (an epoch); a few dozen are kept. `begin(_:)` bases a new
/// source so that its first packet follows the highest outgoing number.
public struct SequenceNumberMapper: Sendable, Hashable {
    struct Epoch: Sendable, Hashable {
        /// First extended incoming number the offset applies to.
        var start: Int64
        /// Outgoing = incoming + offset (extended).
        var offset: Int64
    }

    /// Epochs kept; packets older than the oldest kept one are refused.
    static let epochCapacity = 32

    private var epochs: [Epoch]
    private var newestEpoch = 0
    private var epochCount = 0
    private var incoming = SequenceNumberUnwrapper()
    /// The highest outgoing number written, extended (no wrap).
    public private(set) var highestOutgoing: Int64
    /// Whether a source is based (its first packet was mapped).
    public private(set) var isBased = false
    /// Counts sources; NACK history entries of older sources do not match.
    public private(set) var generation: UInt32 = 0

    /// The first source's first packet gets `initialSequenceNumber`.
    public init(initialSequenceNumber: UInt16) {
        epochs = [Epoch](repeating: Epoch(start: 0, offset: 0), count: Self.epochCapacity)
        highestOutgoing = Int64(initialSequenceNumber) + 65_536 - 1
    }

    /// The 16-bit form of the highest outgoing number.
    public var highestOutgoingSequenceNumber: UInt16 { UInt16(truncatingIfNeeded: highestOutgoing) }

    /// Forgets the source: the next `begin(_:)` starts a new one.
    public mutating func reset() {
        isBased = false
        incoming.reset()
        epochCount = 0
    }

    /// Bases a new source on `sequenceNumber`, which will map to the
    /// highest outgoing number + 1.
    public mutating func begin(_ sequenceNumber: UInt16) {
        reset()
        generation &+= 1
        let extended = incoming.unwrap(sequenceNumber)
        push(Epoch(start: extended, offset: highestOutgoing + 1 - extended))
        isBased = true
    }

    /// The outgoing number of `sequenceNumber` (recorded as seen), or nil
    /// when it is older than the source's start or the epochs kept.
    public mutating func map(_ sequenceNumber: UInt16) -> UInt16? {
        guard isBased else { return nil }
        let extended = incoming.peek(sequenceNumber)
        guard let epoch = epoch(containing: extended) else { return nil }
        _ = incoming.unwrap(sequenceNumber)
        let outgoing = extended + epoch.offset
        if outgoing > highestOutgoing { highestOutgoing = outgoing }
        return UInt16(truncatingIfNeeded: outgoing)
    }

    /// Takes a dropped packet out of the numbering when it is newer than
    /// every packet seen, so no gap appears for it; an older one stays a
    /// gap (packets after it are already numbered).
    public mutating func skip(_ sequenceNumber: UInt16) {
        guard isBased, let highest = incoming.highest else { return }
        let extended = incoming.peek(sequenceNumber)
        guard extended > highest else { return }
        _ = incoming.unwrap(sequenceNumber)
        let newest = epochs[newestEpoch]
        if newest.start == extended {
            // Nothing was numbered in the newest epoch yet (it starts past
            // the highest seen): move it instead of adding one, so a burst
            // of padding costs one epoch.
            epochs[newestEpoch] = Epoch(start: extended + 1, offset: newest.offset - 1)
        } else {
            push(Epoch(start: extended + 1, offset: newest.offset - 1))
        }
    }

    /// The incoming number an outgoing (extended) number stands for in the
    /// current source, sent or lost, or nil when it lies before the source.
    public func incoming(forOutgoing outgoing: Int64) -> UInt16? {
        guard isBased else { return nil }
        var index = newestEpoch
        for _ in 0..<epochCount {
            let epoch = epochs[index]
            let candidate = outgoing - epoch.offset
            if candidate >= epoch.start { return UInt16(truncatingIfNeeded: candidate) }
            index = (index + Self.epochCapacity - 1) % Self.epochCapacity
        }
        return nil
    }

    private func epoch(containing extended: Int64) -> Epoch? {
        var index = newestEpoch
        for _ in 0..<epochCount {
            let epoch = epochs[index]
            if extended >= epoch.start { return epoch }
            index = (index + Self.epochCapacity - 1) % Self.epochCapacity
        }
        return nil
    }

    private mutating func push(_ epoch: Epoch) {
        newestEpoch = epochCount == 0 ? 0 : (newestEpoch + 1) % Self.epochCapacity
        epochs[newestEpoch] = epoch
        epochCount = min(epochCount + 1, Self.epochCapacity)
    }
}
