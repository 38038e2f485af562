import NIOCore

/// One RFC 8285 header extension element as plain values, for building
/// packets (`RTPPacketFields`); parsed packets are read lazily instead
/// (`RTPHeader.extensionElements(in:)`).
public struct RTPHeaderExtensionElement: Sendable, Hashable {
    /// The local identifier negotiated with a=extmap.
    public var id: UInt8
    /// The value bytes.
    public var value: [UInt8]

    public init(id: UInt8, value: [UInt8]) {
        self.id = id
        self.value = value
    }
}

/// A whole RTP header extension as plain values: RFC 8285 elements in one
/// of its two forms, or opaque profile-specific data (RFC 3550 §5.3.1).
public enum RTPHeaderExtensionBlock: Sendable, Hashable {
    /// One-byte form (profile 0xBEDE): ids 1-14, values 1-16 bytes.
    case oneByte([RTPHeaderExtensionElement])
    /// Two-byte form (profile 0x100X): ids 1-255, values 0-255 bytes.
    case twoByte(appBits: UInt8, [RTPHeaderExtensionElement])
    /// Profile-specific data, a multiple of 4 bytes.
    case profileSpecific(profile: UInt16, data: [UInt8])

    /// `elements` in the one-byte form when every id is 1-14 and every
    /// value 1-16 bytes, else in the two-byte form (RFC 8285 §4.1).
    public static func elements(_ elements: [RTPHeaderExtensionElement]) -> Self {
        let fitsOneByte = elements.allSatisfy { (1...14).contains($0.id) && (1...16).contains($0.value.count) }
        return fitsOneByte ? .oneByte(elements) : .twoByte(appBits: 0, elements)
    }

    /// The block of a parsed packet, copied out of `buffer` (allocates:
    /// not for the hot path). Nil when the packet has no extension.
    public init?(header: RTPHeader, in buffer: ByteBuffer) {
        guard let profile = header.extensionProfile else { return nil }
        let elements = header.extensionElements(in: buffer)
        func copyElements() -> [RTPHeaderExtensionElement] {
            elements.map { element in
                RTPHeaderExtensionElement(id: element.id, value: elements.value(of: element).map { Array($0.readableBytesView) } ?? [])
            }
        }
        switch profile {
        case .oneByte:
            self = .oneByte(copyElements())
        case .twoByte(let appBits):
            self = .twoByte(appBits: appBits, copyElements())
        case .other(let value):
            let data = buffer.getBytes(at: buffer.readerIndex + header.extensionRange.lowerBound, length: header.extensionRange.count)
            self = .profileSpecific(profile: value, data: data ?? [])
        }
    }

    /// The profile field this block is written with.
    public var profile: RTPHeaderExtensionProfile {
        switch self {
        case .oneByte: .oneByte
        case .twoByte(let appBits, _): .twoByte(appBits: appBits)
        case .profileSpecific(let profile, _): RTPHeaderExtensionProfile(rawValue: profile)
        }
    }

    /// Bytes when written: the 4-byte extension header plus the data padded
    /// to a multiple of 4. Throws when an element or the data cannot be
    /// written in this form.
    public func encodedLength() throws(RTPError) -> Int {
        var dataLength = 0
        switch self {
        case .oneByte(let elements):
            for element in elements {
                guard (1...14).contains(element.id), (1...16).contains(element.value.count) else {
                    throw .badExtensionElement(id: element.id, length: element.value.count)
                }
                dataLength += 1 + element.value.count
            }
        case .twoByte(_, let elements):
            for element in elements {
                guard element.id != 0, element.value.count <= 255 else {
                    throw .badExtensionElement(id: element.id, length: element.value.count)
                }
                dataLength += 2 + element.value.count
            }
        case .profileSpecific(_, let data):
            guard data.count % 4 == 0 else { throw .badExtensionLength(data.count) }
            dataLength = data.count
        }
        let padded = (dataLength + 3) / 4 * 4
        guard padded / 4 <= Int(UInt16.max) else { throw .badExtensionLength(dataLength) }
        return 4 + padded
    }

    /// Appends the extension header, the data and zero padding to a 32-bit
    /// boundary (RFC 8285 §4.1). Writes nothing when it throws.
    public func write(into buffer: inout ByteBuffer) throws(RTPError) {
        let length = try encodedLength()
        buffer.writeInteger(profile.rawValue)
        buffer.writeInteger(UInt16((length - 4) / 4))
        let dataStart = buffer.writerIndex
        switch self {
        case .oneByte(let elements):
            for element in elements {
                buffer.writeInteger(element.id << 4 | UInt8(element.value.count - 1))
                buffer.writeBytes(element.value)
            }
        case .twoByte(_, let elements):
            for element in elements {
                buffer.writeInteger(element.id)
                buffer.writeInteger(UInt8(element.value.count))
                buffer.writeBytes(element.value)
            }
        case .profileSpecific(_, let data):
            buffer.writeBytes(data)
        }
        let padding = length - 4 - (buffer.writerIndex - dataStart)
        buffer.writeRepeatingByte(0, count: padding)
    }
}
