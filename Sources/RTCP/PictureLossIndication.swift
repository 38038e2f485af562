import NIOCore

/// PLI: the receiver lost part of a picture and wants a keyframe
/// (RFC 4585 §6.3.1, PT 206 FMT 1). No FCI.
public struct PictureLossIndication: Sendable, Hashable {
    /// The FMT of a PLI.
    public static let format: UInt8 = 1

    /// SSRC of the packet's sender.
    public var senderSSRC: UInt32
    /// SSRC of the stream that needs a keyframe.
    public var mediaSSRC: UInt32

    public init(senderSSRC: UInt32, mediaSSRC: UInt32) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
    }

    /// Reads one PLI packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .payloadFeedback) { header, body throws(RTCPError) in
            try PictureLossIndication(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        guard header.count == Self.format else { throw .unexpectedFormat(header.count) }
        guard body.remaining == 8 else { throw .lengthMismatch(at: body.packetOffset) }
        senderSSRC = try body.read(UInt32.self)
        mediaSSRC = try body.read(UInt32.self)
    }

    /// Writes the packet, header included.
    public func write(into buffer: inout ByteBuffer) {
        RTCPHeader.write(into: &buffer, type: .payloadFeedback, count: Int(Self.format), bodySize: 8)
        buffer.writeInteger(senderSSRC)
        buffer.writeInteger(mediaSSRC)
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int { 12 }
}
