import NIOCore

/// RR: reception reports from a participant that is not sending
/// (RFC 3550 §6.4.2, PT 201).
public struct ReceiverReport: Sendable, Hashable {
    /// SSRC of the packet's sender.
    public var ssrc: UInt32
    /// Reception reports, at most 31.
    public var reports: [ReceptionReport]
    /// Profile-specific extension after the blocks, kept as is.
    public var profileExtension: ByteBuffer

    public init(ssrc: UInt32, reports: [ReceptionReport] = [], profileExtension: ByteBuffer = ByteBuffer()) {
        self.ssrc = ssrc
        self.reports = reports
        self.profileExtension = profileExtension
    }

    /// Reads one RR packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .receiverReport) { header, body throws(RTCPError) in
            try ReceiverReport(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        guard body.remaining >= 4 else { throw .lengthMismatch(at: body.packetOffset) }
        ssrc = try body.read(UInt32.self)
        reports = try [ReceptionReport](reading: &body, count: header.count)
        profileExtension = try body.readRest()
    }

    private var bodySize: Int {
        4 + reports.count * ReceptionReport.size + profileExtension.readableBytes
    }

    /// Writes the packet, header included. At most 31 reports.
    public func write(into buffer: inout ByteBuffer) {
        RTCPHeader.write(into: &buffer, type: .receiverReport, count: reports.count, bodySize: bodySize)
        buffer.writeInteger(ssrc)
        for report in reports {
            report.write(into: &buffer)
        }
        buffer.writeImmutableBuffer(profileExtension)
        RTCPHeader.writePadding(into: &buffer, bodySize: bodySize)
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        RTCPHeader.packetSize(bodySize: bodySize)
    }
}
