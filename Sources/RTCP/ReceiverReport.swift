import NIOCore

/// RR: reception reports from a participant that is not sending
/// (RFC 3550 §6.4.2, PT 201).
public struct ReceiverReport: Sendable, Hashable {
    /// SSRC of the packet's sender.
    public var ssrc: UInt32
    /// Reception reports; only the first 31 are written.
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

    /// The reports written: the count field holds 5 bits, so past 31 the
    /// rest are left out (builders split them over several packets).
    private var writtenReports: ArraySlice<ReceptionReport> {
        reports.prefix(RTCPHeader.maxCount)
    }

    /// The extension written: cut where the 16-bit length field ends.
    private var writtenExtension: ByteBuffer {
        let room = RTCPHeader.maxBodySize - 4 - writtenReports.count * ReceptionReport.size
        return profileExtension.getSlice(
            at: profileExtension.readerIndex, length: min(profileExtension.readableBytes, room)) ?? ByteBuffer()
    }

    private var bodySize: Int {
        4 + writtenReports.count * ReceptionReport.size + writtenExtension.readableBytes
    }

    /// Writes the packet, header included: the first 31 reports, and as
    /// much of the extension as the length field can hold.
    public func write(into buffer: inout ByteBuffer) {
        let reports = writtenReports
        let bodySize = bodySize
        RTCPHeader.write(into: &buffer, type: .receiverReport, count: reports.count, bodySize: bodySize)
        buffer.writeInteger(ssrc)
        for report in reports {
            report.write(into: &buffer)
        }
        buffer.writeImmutableBuffer(writtenExtension)
        RTCPHeader.writePadding(into: &buffer, bodySize: bodySize)
    }

    /// Bytes `write(into:)` produces.
    public var serializedSize: Int {
        RTCPHeader.packetSize(bodySize: bodySize)
    }
}
