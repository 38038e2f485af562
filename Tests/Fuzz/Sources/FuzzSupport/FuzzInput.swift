/// Reads a fuzz input as a script: bytes, big-endian integers and
/// length-prefixed chunks, with zeros (or empty chunks) past the end so
/// every input is a valid script.
public struct FuzzInput {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    public var isAtEnd: Bool { offset >= bytes.count }

    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func uint16() -> UInt16 { UInt16(byte()) << 8 | UInt16(byte()) }

    public mutating func uint32() -> UInt32 { UInt32(uint16()) << 16 | UInt32(uint16()) }

    /// The next `count` bytes, or what is left.
    public mutating func take(_ count: Int) -> [UInt8] {
        let end = min(bytes.count, offset + max(0, count))
        defer { offset = end }
        return Array(bytes[min(offset, end)..<end])
    }

    /// A chunk whose length is the next byte.
    public mutating func chunk() -> [UInt8] { take(Int(byte())) }

    /// A chunk whose length is the next two bytes.
    public mutating func longChunk() -> [UInt8] { take(Int(uint16())) }

    /// Everything not read yet.
    public mutating func rest() -> [UInt8] { take(bytes.count - offset) }
}
