import NIOCore

/// The RFC 8285 elements of a packet's header extension, read lazily from
/// the packet's buffer: iterating builds no array.
///
/// Padding bytes (0) are skipped; in the one-byte form id 15 ends the walk
/// (RFC 8285 §4.2). Obtain it from `RTPHeader.extensionElements(in:)`.
public struct RTPHeaderExtensionElements: Sequence, Sendable {
    /// One element: its id and where its value lies.
    public struct Element: Sendable, Hashable {
        /// The local identifier (one-byte form 1-14, two-byte form 1-255).
        public var id: UInt8
        /// Where the value lies, relative to the packet's first byte.
        public var valueRange: Range<Int>

        public init(id: UInt8, valueRange: Range<Int>) {
            self.id = id
            self.valueRange = valueRange
        }
    }

    let buffer: ByteBuffer
    let range: Range<Int>
    let oneByte: Bool

    init(buffer: ByteBuffer, range: Range<Int>, oneByte: Bool) {
        self.buffer = buffer
        self.range = range
        self.oneByte = oneByte
    }

    /// Iterates the elements in wire order.
    public struct Iterator: IteratorProtocol, Sendable {
        let elements: RTPHeaderExtensionElements
        var offset: Int

        public mutating func next() -> Element? {
            let base = elements.buffer.readerIndex
            switch RTPHeaderExtensionElements.step(
                elements.buffer, base: base, at: offset, end: elements.range.upperBound, oneByte: elements.oneByte)
            {
            case .element(let id, let valueRange):
                offset = valueRange.upperBound
                return Element(id: id, valueRange: valueRange)
            case .end, .overrun:
                offset = elements.range.upperBound
                return nil
            }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(elements: self, offset: range.lowerBound)
    }

    /// The value of an element as a slice of the packet's buffer (no copy).
    public func value(of element: Element) -> ByteBuffer? {
        buffer.getSlice(at: buffer.readerIndex + element.valueRange.lowerBound, length: element.valueRange.count)
    }

    /// The first element with `id`, or nil.
    public func first(id: UInt8) -> Element? {
        guard id != 0, !oneByte || id < 15 else { return nil }
        var iterator = makeIterator()
        while let element = iterator.next() {
            if element.id == id { return element }
        }
        return nil
    }

    // MARK: - One step of the walk, shared by parsing, lookup and iteration

    enum Step {
        case element(id: UInt8, valueRange: Range<Int>)
        case end
        case overrun(at: Int)
    }

    /// Reads the element at or after `offset` (relative), skipping padding.
    static func step(_ buffer: ByteBuffer, base: Int, at start: Int, end: Int, oneByte: Bool) -> Step {
        var offset = start
        while offset < end {
            guard let first = buffer.getInteger(at: base + offset, as: UInt8.self) else { return .overrun(at: offset) }
            // RFC 8285 §4.2/§4.3: a zero byte is padding, whatever form.
            if first == 0 {
                offset += 1
                continue
            }
            if oneByte {
                let id = first >> 4
                // RFC 8285 §4.2: id 15 stops processing of the extension.
                if id == 15 { return .end }
                let valueStart = offset + 1
                let valueEnd = valueStart + Int(first & 0x0F) + 1
                guard valueEnd <= end else { return .overrun(at: offset) }
                return .element(id: id, valueRange: valueStart..<valueEnd)
            } else {
                guard offset + 2 <= end, let length = buffer.getInteger(at: base + offset + 1, as: UInt8.self) else {
                    return .overrun(at: offset)
                }
                let valueStart = offset + 2
                let valueEnd = valueStart + Int(length)
                guard valueEnd <= end else { return .overrun(at: offset) }
                return .element(id: first, valueRange: valueStart..<valueEnd)
            }
        }
        return .end
    }

    /// Walks every element once so that later walks cannot fail.
    static func validate(_ buffer: ByteBuffer, base: Int, range: Range<Int>, oneByte: Bool) throws(RTPError) {
        var offset = range.lowerBound
        while true {
            switch step(buffer, base: base, at: offset, end: range.upperBound, oneByte: oneByte) {
            case .element(_, let valueRange): offset = valueRange.upperBound
            case .end: return
            case .overrun(let at): throw .extensionOverrun(at: at)
            }
        }
    }
}
