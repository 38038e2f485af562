import NIOCore

/// Generic NACK: the RTP packets a receiver is missing
/// (RFC 4585 §6.2.1, PT 205 FMT 1).
public struct TransportLayerNACK: Sendable, Hashable {
    /// The FMT of a generic NACK.
    public static let format: UInt8 = 1

    /// One FCI entry: a lost packet ID and a bitmask of the 16 after it.
    public struct Pair: Sendable, Hashable {
        /// Sequence number of a lost packet (PID).
        public var packetID: UInt16
        /// Bit i set: packet `packetID + i + 1` is lost too (BLP).
        public var lostPackets: UInt16

        public init(packetID: UInt16, lostPackets: UInt16 = 0) {
            self.packetID = packetID
            self.lostPackets = lostPackets
        }

        /// Calls `body` with each sequence number this pair reports lost, in
        /// order, wrapping past 65535 to 0. No allocation.
        public func forEachSequenceNumber(_ body: (UInt16) throws -> Void) rethrows {
            try body(packetID)
            var mask = lostPackets
            while mask != 0 {
                let bit = mask.trailingZeroBitCount
                try body(packetID &+ UInt16(bit + 1))
                mask &= mask - 1
            }
        }

        /// The sequence numbers this pair reports lost, in order.
        public var sequenceNumbers: [UInt16] {
            var numbers: [UInt16] = []
            numbers.reserveCapacity(1 + lostPackets.nonzeroBitCount)
            forEachSequenceNumber { numbers.append($0) }
            return numbers
        }
    }

    /// SSRC of the packet's sender.
    public var senderSSRC: UInt32
    /// SSRC of the stream with the losses.
    public var mediaSSRC: UInt32
    /// The FCI entries, at least one.
    public var pairs: [Pair]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32, pairs: [Pair]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.pairs = pairs
    }

    /// A NACK for `lostSequenceNumbers`, given in RTP order (see `pairs(for:)`).
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, lostSequenceNumbers: [UInt16]) {
        self.init(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, pairs: Self.pairs(for: lostSequenceNumbers))
    }

    /// Packs sequence numbers, sorted in RTP order (so 65534, 65535, 0, 1 is
    /// sorted), into as few PID+BLP pairs as that order allows: a number
    /// within 16 after the current pair's PID joins its mask, any other
    /// starts a new pair. Duplicates of a PID are dropped.
    public static func pairs(for lostSequenceNumbers: [UInt16]) -> [Pair] {
        var pairs: [Pair] = []
        for sequenceNumber in lostSequenceNumbers {
            if let last = pairs.last {
                let distance = sequenceNumber &- last.packetID
                if distance == 0 { continue }
                if distance <= 16 {
                    pairs[pairs.count - 1].lostPackets |= 1 << (distance - 1)
                    continue
                }
            }
            pairs.append(Pair(packetID: sequenceNumber))
        }
        return pairs
    }

    /// Every sequence number the pairs report lost, in pair order.
    public var lostSequenceNumbers: [UInt16] {
        var numbers: [UInt16] = []
        for pair in pairs {
            pair.forEachSequenceNumber { numbers.append($0) }
        }
        return numbers
    }

    /// The first `limit` sequence numbers the pairs report lost. A peer
    /// picks the pair count, and each pair can name 17 numbers, so a caller
    /// that acts on a few need not expand them all.
    public func lostSequenceNumbers(limit: Int) -> [UInt16] {
        var numbers: [UInt16] = []
        for pair in pairs {
            guard numbers.count < limit else { break }
            pair.forEachSequenceNumber { if numbers.count < limit { numbers.append($0) } }
        }
        return numbers
    }

    /// Reads one generic NACK packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .transportFeedback) { header, body throws(RTCPError) in
            try TransportLayerNACK(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        guard header.count == Self.format else { throw .unexpectedFormat(header.count) }
        // Two SSRCs, then 4-byte entries, at least one (§6.2.1).
        guard body.remaining >= 12, body.remaining % 4 == 0 else { throw .lengthMismatch(at: body.packetOffset) }
        senderSSRC = try body.read(UInt32.self)
        mediaSSRC = try body.read(UInt32.self)
        pairs = []
        pairs.reserveCapacity(body.remaining / 4)
        while body.remaining > 0 {
            let packetID = try body.read(UInt16.self)
            pairs.append(Pair(packetID: packetID, lostPackets: try body.read(UInt16.self)))
        }
    }

    /// FCI entries one packet can hold: two SSRCs and 4-byte entries
    /// within the 16-bit length field.
    public static let maxPairs = (RTCPHeader.maxBodySize - 8) / 4

    /// The pairs written; past `maxPairs` the rest are left out.
    private var writtenPairs: ArraySlice<Pair> {
        pairs.prefix(Self.maxPairs)
    }

    private var bodySize: Int {
        8 + 4 * writtenPairs.count
    }

    /// Writes the packet, header included: the first `maxPairs` pairs.
    public func write(into buffer: inout ByteBuffer) {
        RTCPHeader.write(into: &buffer, type: .transportFeedback, count: Int(Self.format), bodySize: bodySize)
        buffer.writeInteger(senderSSRC)
        buffer.writeInteger(mediaSSRC)
        for pair in writtenPairs {
            buffer.writeInteger(pair.packetID)
            buffer.writeInteger(pair.lostPackets)
        }
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        RTCPHeader.packetSize(bodySize: bodySize)
    }
}
