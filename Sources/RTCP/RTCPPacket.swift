import NIOCore

/// One RTCP packet of any type this module knows, or the raw body of one it
/// doesn't.
public enum RTCPPacket: Sendable, Hashable {
    case senderReport(SenderReport)
    case receiverReport(ReceiverReport)
    case sourceDescription(SourceDescription)
    case goodbye(Goodbye)
    case applicationDefined(ApplicationDefined)
    case transportLayerNACK(TransportLayerNACK)
    case transportLayerCC(TransportLayerCC)
    case pictureLossIndication(PictureLossIndication)
    case fullIntraRequest(FullIntraRequest)
    case receiverEstimatedMaximumBitrate(ReceiverEstimatedMaximumBitrate)
    /// A packet type, or a feedback FMT of PT 205/206, not parsed here:
    /// the header's count field and the body (padding excluded), kept for
    /// forwarding and round trips.
    case unknown(packetType: RTCPPacketType, count: UInt8, body: ByteBuffer)

    /// Reads one packet of any type from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        let start = buffer.readerIndex
        var (header, body, next) = try RTCPHeader.readPacket(
            in: buffer, at: start, end: buffer.writerIndex, origin: start)
        self = try RTCPPacket(header: header, body: &body)
        buffer.moveReaderIndex(to: next)
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        switch (header.packetType, header.count) {
        case (.senderReport, _):
            self = .senderReport(try SenderReport(header: header, body: &body))
        case (.receiverReport, _):
            self = .receiverReport(try ReceiverReport(header: header, body: &body))
        case (.sourceDescription, _):
            self = .sourceDescription(try SourceDescription(header: header, body: &body))
        case (.goodbye, _):
            self = .goodbye(try Goodbye(header: header, body: &body))
        case (.applicationDefined, _):
            self = .applicationDefined(try ApplicationDefined(header: header, body: &body))
        case (.transportFeedback, TransportLayerNACK.format):
            self = .transportLayerNACK(try TransportLayerNACK(header: header, body: &body))
        case (.transportFeedback, TransportLayerCC.format):
            self = .transportLayerCC(try TransportLayerCC(header: header, body: &body))
        case (.payloadFeedback, PictureLossIndication.format):
            self = .pictureLossIndication(try PictureLossIndication(header: header, body: &body))
        case (.payloadFeedback, FullIntraRequest.format):
            self = .fullIntraRequest(try FullIntraRequest(header: header, body: &body))
        case (.payloadFeedback, ReceiverEstimatedMaximumBitrate.format)
        where body.peekUInt32(ahead: 8) == ReceiverEstimatedMaximumBitrate.identifier:
            // FMT 15 is any application-layer feedback (RFC 4585 §6.4); only "REMB" is ours.
            self = .receiverEstimatedMaximumBitrate(try ReceiverEstimatedMaximumBitrate(header: header, body: &body))
        default:
            self = .unknown(packetType: header.packetType, count: header.count, body: try body.readRest())
        }
    }

    /// The packet type of this packet.
    public var packetType: RTCPPacketType {
        switch self {
        case .senderReport: .senderReport
        case .receiverReport: .receiverReport
        case .sourceDescription: .sourceDescription
        case .goodbye: .goodbye
        case .applicationDefined: .applicationDefined
        case .transportLayerNACK, .transportLayerCC: .transportFeedback
        case .pictureLossIndication, .fullIntraRequest, .receiverEstimatedMaximumBitrate: .payloadFeedback
        case .unknown(let packetType, _, _): packetType
        }
    }

    /// Writes the packet, header included; bodies that are not 32-bit
    /// aligned get RFC 3550 padding.
    public func write(into buffer: inout ByteBuffer) {
        switch self {
        case .senderReport(let packet): packet.write(into: &buffer)
        case .receiverReport(let packet): packet.write(into: &buffer)
        case .sourceDescription(let packet): packet.write(into: &buffer)
        case .goodbye(let packet): packet.write(into: &buffer)
        case .applicationDefined(let packet): packet.write(into: &buffer)
        case .transportLayerNACK(let packet): packet.write(into: &buffer)
        case .transportLayerCC(let packet): packet.write(into: &buffer)
        case .pictureLossIndication(let packet): packet.write(into: &buffer)
        case .fullIntraRequest(let packet): packet.write(into: &buffer)
        case .receiverEstimatedMaximumBitrate(let packet): packet.write(into: &buffer)
        case .unknown(let packetType, let count, let body):
            let body = Self.writtenBody(body)
            RTCPHeader.write(into: &buffer, type: packetType, count: Int(count), bodySize: body.readableBytes)
            buffer.writeImmutableBuffer(body)
            RTCPHeader.writePadding(into: &buffer, bodySize: body.readableBytes)
        }
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        switch self {
        case .senderReport(let packet): packet.serializedSize
        case .receiverReport(let packet): packet.serializedSize
        case .sourceDescription(let packet): packet.serializedSize
        case .goodbye(let packet): packet.serializedSize
        case .applicationDefined(let packet): packet.serializedSize
        case .transportLayerNACK(let packet): packet.serializedSize
        case .transportLayerCC(let packet): packet.serializedSize
        case .pictureLossIndication(let packet): packet.serializedSize
        case .fullIntraRequest(let packet): packet.serializedSize
        case .receiverEstimatedMaximumBitrate(let packet): packet.serializedSize
        case .unknown(_, _, let body): RTCPHeader.packetSize(bodySize: Self.writtenBody(body).readableBytes)
        }
    }

    /// An unknown packet's body as written: cut where the length field ends.
    private static func writtenBody(_ body: ByteBuffer) -> ByteBuffer {
        let length = min(body.readableBytes, RTCPHeader.maxBodySize)
        return body.getSlice(at: body.readerIndex, length: length) ?? ByteBuffer()
    }
}
