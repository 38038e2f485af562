import NIOCore

/// FIR: a request for a decoder refresh point (RFC 5104 §4.3.1,
/// PT 206 FMT 4), one entry per stream asked.
public struct FullIntraRequest: Sendable, Hashable {
    /// The FMT of a FIR.
    public static let format: UInt8 = 4

    /// One FCI entry: whom to ask and the command's sequence number.
    public struct Entry: Sendable, Hashable {
        /// SSRC of the media sender asked for an intra picture.
        public var ssrc: UInt32
        /// Command sequence number; a repeat of a request keeps it, a new
        /// request increments it (modulo 256).
        public var sequenceNumber: UInt8

        public init(ssrc: UInt32, sequenceNumber: UInt8) {
            self.ssrc = ssrc
            self.sequenceNumber = sequenceNumber
        }
    }

    /// SSRC of the packet's sender.
    public var senderSSRC: UInt32
    /// The media source field, unused by FIR and set to 0 (RFC 5104 §4.3.1.2).
    public var mediaSSRC: UInt32
    /// The FCI entries, at least one.
    public var entries: [Entry]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, entries: [Entry]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.entries = entries
    }

    /// Reads one FIR packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .payloadFeedback) { header, body throws(RTCPError) in
            try FullIntraRequest(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        guard header.count == Self.format else { throw .unexpectedFormat(header.count) }
        // Two SSRCs, then 8-byte entries, at least one (§4.3.1.1).
        guard body.remaining >= 16, body.remaining % 8 == 0 else { throw .lengthMismatch(at: body.packetOffset) }
        senderSSRC = try body.read(UInt32.self)
        mediaSSRC = try body.read(UInt32.self)
        entries = []
        entries.reserveCapacity(body.remaining / 8)
        while body.remaining > 0 {
            let ssrc = try body.read(UInt32.self)
            let sequenceNumber = try body.read(UInt8.self)
            try body.skip(3)  // reserved
            entries.append(Entry(ssrc: ssrc, sequenceNumber: sequenceNumber))
        }
    }

    /// FCI entries one packet can hold: two SSRCs and 8-byte entries
    /// within the 16-bit length field.
    public static let maxEntries = (RTCPHeader.maxBodySize - 8) / 8

    /// The entries written; past `maxEntries` the rest are left out.
    private var writtenEntries: ArraySlice<Entry> {
        entries.prefix(Self.maxEntries)
    }

    private var bodySize: Int {
        8 + 8 * writtenEntries.count
    }

    /// Writes the packet, header included: the first `maxEntries` entries.
    public func write(into buffer: inout ByteBuffer) {
        RTCPHeader.write(into: &buffer, type: .payloadFeedback, count: Int(Self.format), bodySize: bodySize)
        buffer.writeInteger(senderSSRC)
        buffer.writeInteger(mediaSSRC)
        for entry in writtenEntries {
            buffer.writeInteger(entry.ssrc)
            buffer.writeInteger(entry.sequenceNumber)
            buffer.writeRepeatingByte(0, count: 3)
        }
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        RTCPHeader.packetSize(bodySize: bodySize)
    }
}
