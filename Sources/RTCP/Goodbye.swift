import NIOCore

/// BYE: sources leaving the session, with an optional reason
/// (RFC 3550 §6.6, PT 203).
public struct Goodbye: Sendable, Hashable {
    /// SSRCs/CSRCs leaving; only the first 31 are written.
    public var sources: [UInt32]
    /// Reason for leaving (normally UTF-8; only 255 octets are written), if given.
    public var reason: [UInt8]?

    public init(sources: [UInt32], reason: [UInt8]? = nil) {
        self.sources = sources
        self.reason = reason
    }

    public init(sources: [UInt32], reason: String) {
        self.init(sources: sources, reason: Array(reason.utf8))
    }

    /// `reason` decoded as UTF-8.
    public var reasonText: String? {
        reason.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads one BYE packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .goodbye) { header, body throws(RTCPError) in
            try Goodbye(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        guard body.remaining >= Int(header.count) * 4 else { throw .badReportCount(at: body.packetOffset) }
        sources = []
        sources.reserveCapacity(Int(header.count))
        for _ in 0..<header.count {
            sources.append(try body.read(UInt32.self))
        }
        guard body.remaining > 0 else {
            reason = nil
            return
        }
        let length = try body.read(UInt8.self)
        reason = try body.readBytes(Int(length))
        // Null octets to a 32-bit boundary may follow (§6.6), nothing more.
        guard body.remaining <= 3 else { throw .lengthMismatch(at: body.packetOffset) }
        try body.skip(body.remaining)
    }

    /// Octets a reason can have: its length field is 8 bits (§6.6).
    public static let maxReasonLength = 255

    /// The sources written: the count field holds 5 bits, so past 31 the
    /// rest are left out rather than trapped on.
    private var writtenSources: ArraySlice<UInt32> {
        sources.prefix(RTCPHeader.maxCount)
    }

    /// The reason written, cut to 255 octets.
    private var writtenReason: ArraySlice<UInt8>? {
        reason?.prefix(Self.maxReasonLength)
    }

    private var bodySize: Int {
        4 * writtenSources.count + (writtenReason.map { (1 + $0.count + 3) & ~3 } ?? 0)
    }

    /// Writes the packet, header included: the first 31 sources and at
    /// most 255 octets of reason.
    public func write(into buffer: inout ByteBuffer) {
        let sources = writtenSources
        RTCPHeader.write(into: &buffer, type: .goodbye, count: sources.count, bodySize: bodySize)
        for source in sources {
            buffer.writeInteger(source)
        }
        if let reason = writtenReason {
            buffer.writeInteger(UInt8(reason.count))
            buffer.writeBytes(reason)
            buffer.writeRepeatingByte(0, count: RTCPHeader.paddingSize(bodySize: 1 + reason.count))
        }
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        RTCPHeader.packetSize(bodySize: bodySize)
    }
}
