import NIOCore

/// SDES: items describing sources, CNAME above all (RFC 3550 §6.5, PT 202).
public struct SourceDescription: Sendable, Hashable {
    /// One source's items.
    public struct Chunk: Sendable, Hashable {
        /// The SSRC or CSRC described.
        public var source: UInt32
        /// Its items, in order; the END item and padding are implicit.
        public var items: [Item]

        public init(source: UInt32, items: [Item]) {
            self.source = source
            self.items = items
        }

        /// Chunk bytes: SSRC, items, END and null octets to a 32-bit boundary.
        var size: Int {
            let content = 4 + items.reduce(0) { $0 + 2 + $1.value.count }
            // At least one null octet ends the list, then pad to 4 (§6.5).
            return (content + 1 + 3) & ~3
        }
    }

    /// One item: a type octet, a length octet and up to 255 octets of text.
    public struct Item: Sendable, Hashable {
        /// The item type (1 CNAME ... 8 PRIV); 0 is END and never stored.
        public var type: ItemType
        /// The item's octets, normally UTF-8 (PRIV items keep their prefix inside).
        public var value: [UInt8]

        public init(type: ItemType, value: [UInt8]) {
            self.type = type
            self.value = value
        }

        public init(type: ItemType, text: String) {
            self.init(type: type, value: Array(text.utf8))
        }

        /// `value` decoded as UTF-8 (invalid sequences replaced).
        public var text: String {
            String(decoding: value, as: UTF8.self)
        }
    }

    /// SDES item types (RFC 3550 §6.5.1-§6.5.8).
    public struct ItemType: RawRepresentable, Sendable, Hashable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let end = ItemType(rawValue: 0)
        public static let cname = ItemType(rawValue: 1)
        public static let name = ItemType(rawValue: 2)
        public static let email = ItemType(rawValue: 3)
        public static let phone = ItemType(rawValue: 4)
        public static let location = ItemType(rawValue: 5)
        public static let tool = ItemType(rawValue: 6)
        public static let note = ItemType(rawValue: 7)
        public static let priv = ItemType(rawValue: 8)
    }

    /// The chunks; only the first 31 are written.
    public var chunks: [Chunk]

    public init(chunks: [Chunk]) {
        self.chunks = chunks
    }

    /// An SDES with the one item every RTCP sender must send: its CNAME.
    public init(source: UInt32, cname: String) {
        self.init(chunks: [Chunk(source: source, items: [Item(type: .cname, text: cname)])])
    }

    /// Reads one SDES packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .sourceDescription) { header, body throws(RTCPError) in
            try SourceDescription(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        // Each chunk is at least 8 bytes: SSRC and a null-padded END.
        guard body.remaining >= Int(header.count) * 8 else { throw .badReportCount(at: body.packetOffset) }
        chunks = []
        chunks.reserveCapacity(Int(header.count))
        for _ in 0..<header.count {
            let start = body.index
            let source = try body.read(UInt32.self)
            var items: [Item] = []
            while true {
                let type = try body.read(UInt8.self)
                if type == ItemType.end.rawValue { break }
                let length = try body.read(UInt8.self)
                items.append(Item(type: ItemType(rawValue: type), value: try body.readBytes(Int(length))))
            }
            // Null octets up to the next 32-bit boundary; chunks start aligned.
            try body.skip(RTCPHeader.paddingSize(bodySize: body.index - start))
            chunks.append(Chunk(source: source, items: items))
        }
        try body.expectEnd()
    }

    /// Octets an item value can have: its length field is 8 bits (§6.5).
    public static let maxItemLength = 255

    /// The chunks `write` puts on the wire: the first 31 (the count field
    /// holds 5 bits), values cut to 255 octets, and items that would pass
    /// the 16-bit length field left out. Cut rather than trap: names and
    /// counts may echo what a peer sent.
    private var writtenChunks: [Chunk] {
        let fits = chunks.count <= RTCPHeader.maxCount
            && chunks.allSatisfy { $0.items.allSatisfy { $0.value.count <= Self.maxItemLength } }
            && chunks.reduce(0, { $0 + $1.size }) <= RTCPHeader.maxBodySize
        if fits { return chunks }
        var room = RTCPHeader.maxBodySize
        var written: [Chunk] = []
        for chunk in chunks.prefix(RTCPHeader.maxCount) {
            var kept = Chunk(source: chunk.source, items: [])
            guard kept.size <= room else { break }
            var content = 4  // the SSRC
            for item in chunk.items {
                let length = min(item.value.count, Self.maxItemLength)
                // The END octet and the padding to 4 follow the items.
                guard (content + 2 + length + 1 + 3) & ~3 <= room else { break }
                content += 2 + length
                kept.items.append(Item(type: item.type, value: Array(item.value.prefix(length))))
            }
            room -= kept.size
            written.append(kept)
        }
        return written
    }

    private var bodySize: Int {
        writtenChunks.reduce(0) { $0 + $1.size }
    }

    /// Writes the packet, header included: at most 31 chunks, item values
    /// of at most 255 octets (see `writtenChunks`).
    public func write(into buffer: inout ByteBuffer) {
        let chunks = writtenChunks
        let bodySize = chunks.reduce(0) { $0 + $1.size }
        RTCPHeader.write(into: &buffer, type: .sourceDescription, count: chunks.count, bodySize: bodySize)
        for chunk in chunks {
            buffer.writeInteger(chunk.source)
            for item in chunk.items {
                buffer.writeInteger(item.type.rawValue)
                buffer.writeInteger(UInt8(item.value.count))
                buffer.writeBytes(item.value)
            }
            let content = 4 + chunk.items.reduce(0) { $0 + 2 + $1.value.count }
            buffer.writeRepeatingByte(0, count: chunk.size - content)
        }
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        RTCPHeader.packetSize(bodySize: bodySize)
    }
}
