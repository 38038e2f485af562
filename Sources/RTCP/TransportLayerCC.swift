import NIOCore

/// Transport-wide congestion control feedback: per transport-wide sequence
/// number, whether the packet arrived and when
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, PT 205 FMT 15).
///
/// This is the wire view (chunks and deltas as sent). To build one from
/// arrival times use `init(senderSSRC:mediaSSRC:feedbackPacketCount:baseSequenceNumber:referenceTime:packets:)`;
/// to read arrival times back use `packetResults()` or `forEachPacketResult(_:)`.
public struct TransportLayerCC: Sendable, Hashable {
    /// The FMT of transport-wide CC feedback.
    public static let format: UInt8 = 15
    /// Microseconds per unit of the reference time (64 ms).
    public static let referenceTimeUnit: Int64 = 64_000
    /// Range of the signed 24-bit reference time.
    public static let referenceTimeRange: ClosedRange<Int32> = -0x80_0000...0x7F_FFFF

    /// SSRC of the packet's sender.
    public var senderSSRC: UInt32
    /// SSRC of a media source (libwebrtc puts the first media SSRC here).
    public var mediaSSRC: UInt32
    /// Transport-wide sequence number of the first packet described.
    public var baseSequenceNumber: UInt16
    /// Packets described, from the base on.
    public var packetStatusCount: UInt16
    /// Time base of the first delta, signed 24 bits, in 64 ms units.
    public var referenceTime: Int32
    /// Counts feedback packets sent, modulo 256, to detect lost feedback.
    public var feedbackPacketCount: UInt8
    /// Status chunks covering at least `packetStatusCount` packets.
    public var chunks: [TWCCPacketChunk]
    /// One delta per received packet among the first `packetStatusCount`, in order.
    public var receiveDeltas: [TWCCReceiveDelta]

    public init(
        senderSSRC: UInt32, mediaSSRC: UInt32, baseSequenceNumber: UInt16, packetStatusCount: UInt16,
        referenceTime: Int32, feedbackPacketCount: UInt8, chunks: [TWCCPacketChunk], receiveDeltas: [TWCCReceiveDelta]
    ) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.baseSequenceNumber = baseSequenceNumber
        self.packetStatusCount = packetStatusCount
        self.referenceTime = referenceTime
        self.feedbackPacketCount = feedbackPacketCount
        self.chunks = chunks
        self.receiveDeltas = receiveDeltas
    }

    /// Reads one transport-wide CC packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .transportFeedback) { header, body throws(RTCPError) in
            try TransportLayerCC(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        guard header.count == Self.format else { throw .unexpectedFormat(header.count) }
        guard body.remaining >= 16 else { throw .lengthMismatch(at: body.packetOffset) }
        senderSSRC = try body.read(UInt32.self)
        mediaSSRC = try body.read(UInt32.self)
        baseSequenceNumber = try body.read(UInt16.self)
        packetStatusCount = try body.read(UInt16.self)
        referenceTime = try body.readInt24()
        feedbackPacketCount = try body.read(UInt8.self)

        // Chunks until every counted packet has a status (§3.1.2); the last
        // chunk may describe more packets than counted.
        let count = Int(packetStatusCount)
        var covered = 0
        var received = 0
        chunks = []
        while covered < count {
            let offset = body.offset
            let chunk = try TWCCPacketChunk(raw: try body.read(UInt16.self), at: offset)
            let used = min(chunk.symbolCount, count - covered)
            if case .runLength(let symbol, _) = chunk {
                received += symbol == .notReceived ? 0 : used
            } else {
                for index in 0..<used where chunk.symbol(at: index) != .notReceived {
                    received += 1
                }
            }
            covered += used
            chunks.append(chunk)
        }

        // One delta per received packet, sized by its symbol (§3.1.5).
        receiveDeltas = []
        receiveDeltas.reserveCapacity(received)
        covered = 0
        for chunk in chunks {
            let used = min(chunk.symbolCount, count - covered)
            for index in 0..<used {
                switch chunk.symbol(at: index) {
                case .notReceived: break
                case .receivedSmallDelta: receiveDeltas.append(.small(try body.read(UInt8.self)))
                case .receivedLargeDelta: receiveDeltas.append(.large(try body.read(Int16.self)))
                }
            }
            covered += used
        }
        // Zero bytes to a 32-bit boundary may follow when the sender did not
        // use the padding bit; anything longer is not ours to ignore.
        guard body.remaining <= 3 else { throw .lengthMismatch(at: body.packetOffset) }
        try body.skip(body.remaining)
    }

    private var bodySize: Int {
        16 + 2 * chunks.count + receiveDeltas.reduce(0) { $0 + $1.size }
    }

    /// The packet cut to what the 16-bit length field can describe: the
    /// packets described stop at the last chunk that fits with its deltas.
    /// Only a hand-built packet is ever that long (a parsed one fit, and the
    /// builder stops at 65535 packets); cutting beats trapping on it.
    private var bounded: TransportLayerCC {
        var kept = self
        kept.chunks = []
        kept.receiveDeltas = []
        var room = RTCPHeader.maxBodySize - 16
        var covered = 0
        var deltaIndex = 0
        for chunk in chunks where covered < Int(packetStatusCount) {
            let used = min(chunk.symbolCount, Int(packetStatusCount) - covered)
            var deltaEnd = deltaIndex
            var deltaBytes = 0
            for index in 0..<used where chunk.symbol(at: index) != .notReceived && deltaEnd < receiveDeltas.count {
                deltaBytes += receiveDeltas[deltaEnd].size
                deltaEnd += 1
            }
            guard 2 + deltaBytes <= room else { break }
            room -= 2 + deltaBytes
            kept.chunks.append(chunk)
            kept.receiveDeltas += receiveDeltas[deltaIndex..<deltaEnd]
            deltaIndex = deltaEnd
            covered += used
        }
        kept.packetStatusCount = UInt16(covered)
        return kept
    }

    /// Writes the packet, header included, padded as libwebrtc does (padding
    /// bit set, count in the last byte) when the deltas end unaligned.
    public func write(into buffer: inout ByteBuffer) {
        guard bodySize <= RTCPHeader.maxBodySize else { return bounded.write(into: &buffer) }
        RTCPHeader.write(into: &buffer, type: .transportFeedback, count: Int(Self.format), bodySize: bodySize)
        buffer.writeInteger(senderSSRC)
        buffer.writeInteger(mediaSSRC)
        buffer.writeInteger(baseSequenceNumber)
        buffer.writeInteger(packetStatusCount)
        buffer.writeUInt24(UInt32(bitPattern: referenceTime))
        buffer.writeInteger(feedbackPacketCount)
        for chunk in chunks {
            buffer.writeInteger(chunk.rawValue)
        }
        for delta in receiveDeltas {
            switch delta {
            case .small(let value): buffer.writeInteger(value)
            case .large(let value): buffer.writeInteger(value)
            }
        }
        RTCPHeader.writePadding(into: &buffer, bodySize: bodySize)
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        bodySize <= RTCPHeader.maxBodySize ? RTCPHeader.packetSize(bodySize: bodySize) : bounded.serializedSize
    }
}
