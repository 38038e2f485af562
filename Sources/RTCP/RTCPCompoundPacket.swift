import NIOCore

/// The packets of one RTCP datagram (RFC 3550 §6.1), parsed.
///
/// Reduced-size RTCP (RFC 5506) is accepted: the first packet need not be
/// an SR or RR, and a datagram may hold a single feedback packet. For the
/// per-datagram path without allocations, see `RTCPPacketIterator`.
public struct RTCPCompoundPacket: Sendable, Hashable {
    /// The packets, in datagram order.
    public var packets: [RTCPPacket]

    public init(packets: [RTCPPacket]) {
        self.packets = packets
    }

    /// Parses every readable byte of `buffer` as a sequence of RTCP packets
    /// and consumes them. An empty buffer is `truncated(at: 0, need: 4)`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        guard buffer.readableBytes > 0 else { throw .truncated(at: 0, need: RTCPHeader.size) }
        var iterator = RTCPPacketIterator(buffer)
        var packets: [RTCPPacket] = []
        while let element = try iterator.next() {
            packets.append(try iterator.packet(element))
        }
        self.packets = packets
        buffer.moveReaderIndex(to: buffer.writerIndex)
    }

    /// Whether this is reduced-size RTCP: it does not start with an SR or RR.
    public var isReducedSize: Bool {
        switch packets.first {
        case .senderReport, .receiverReport: false
        default: true
        }
    }

    /// Writes every packet in order.
    public func write(into buffer: inout ByteBuffer) {
        for packet in packets {
            packet.write(into: &buffer)
        }
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        packets.reduce(0) { $0 + $1.serializedSize }
    }
}
