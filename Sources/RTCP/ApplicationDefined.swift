import NIOCore

/// APP: application-defined data (RFC 3550 §6.7, PT 204), parsed only as
/// far as its fixed fields; the data is kept raw.
public struct ApplicationDefined: Sendable, Hashable {
    /// The 5-bit subtype carried in the header's count field.
    public var subtype: UInt8
    /// SSRC/CSRC of the sender.
    public var ssrc: UInt32
    /// Four ASCII characters naming the application, big-endian.
    public var name: UInt32
    /// Application-dependent data.
    public var data: ByteBuffer

    public init(subtype: UInt8, ssrc: UInt32, name: UInt32, data: ByteBuffer = ByteBuffer()) {
        self.subtype = subtype
        self.ssrc = ssrc
        self.name = name
        self.data = data
    }

    /// Reads one APP packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .applicationDefined) { header, body throws(RTCPError) in
            try ApplicationDefined(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        guard body.remaining >= 8 else { throw .lengthMismatch(at: body.packetOffset) }
        subtype = header.count
        ssrc = try body.read(UInt32.self)
        name = try body.read(UInt32.self)
        data = try body.readRest()
    }

    /// The data written: cut where the 16-bit length field ends.
    private var writtenData: ByteBuffer {
        let length = min(data.readableBytes, RTCPHeader.maxBodySize - 8)
        return data.getSlice(at: data.readerIndex, length: length) ?? ByteBuffer()
    }

    private var bodySize: Int {
        8 + writtenData.readableBytes
    }

    /// Writes the packet, header included. `subtype` is masked to 5 bits;
    /// data past what the length field can describe is left out.
    public func write(into buffer: inout ByteBuffer) {
        let bodySize = bodySize
        RTCPHeader.write(into: &buffer, type: .applicationDefined, count: Int(subtype & 0x1F), bodySize: bodySize)
        buffer.writeInteger(ssrc)
        buffer.writeInteger(name)
        buffer.writeImmutableBuffer(writtenData)
        RTCPHeader.writePadding(into: &buffer, bodySize: bodySize)
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        RTCPHeader.packetSize(bodySize: bodySize)
    }
}
