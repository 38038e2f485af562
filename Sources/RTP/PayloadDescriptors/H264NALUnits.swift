import NIOCore

/// The NAL units of an H.264 payload, iterated lazily (no array built).
public struct H264NALUnits: Sequence, Sendable {
    /// One NAL unit: its type and where it lies.
    public struct NALUnit: Sendable, Hashable {
        /// The NAL unit type (low 5 bits of its header).
        public var type: UInt8
        /// Its bytes (header included), relative to the payload's first byte.
        public var range: Range<Int>

        public init(type: UInt8, range: Range<Int>) {
            self.type = type
            self.range = range
        }
    }

    let payload: ByteBuffer
    let packetization: H264Payload.Packetization

    public struct Iterator: IteratorProtocol, Sendable {
        let payload: ByteBuffer
        let packetization: H264Payload.Packetization
        var offset = 0

        public mutating func next() -> NALUnit? {
            let length = payload.readableBytes
            switch packetization {
            case .fuA:
                return nil
            case .singleNALUnit:
                guard offset == 0, let header = try? payload.descriptorByte(at: 0) else { return nil }
                offset = length
                return NALUnit(type: header & 0x1F, range: 0..<length)
            case .stapA:
                if offset == 0 { offset = 1 }
                guard let size = try? payload.descriptorUInt16(at: offset), size > 0,
                    offset + 2 + Int(size) <= length, let header = try? payload.descriptorByte(at: offset + 2)
                else {
                    offset = length
                    return nil
                }
                let start = offset + 2
                offset = start + Int(size)
                return NALUnit(type: header & 0x1F, range: start..<offset)
            }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(payload: payload, packetization: packetization)
    }

    /// A NAL unit's bytes as a slice of the payload (no copy).
    public func bytes(of unit: NALUnit) -> ByteBuffer? {
        payload.getSlice(at: payload.readerIndex + unit.range.lowerBound, length: unit.range.count)
    }
}
