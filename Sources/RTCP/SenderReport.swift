import NIOCore

/// SR: a sender's transmission statistics plus reception reports
/// (RFC 3550 §6.4.1, PT 200).
public struct SenderReport: Sendable, Hashable {
    /// Bytes of the sender info block after the header: SSRC + 20.
    static let fixedBodySize = 24

    /// SSRC of the sender.
    public var ssrc: UInt32
    /// Wall-clock time of this report, 64-bit NTP format (seconds << 32 | fraction).
    public var ntpTime: UInt64
    /// The same instant in the stream's RTP clock.
    public var rtpTime: UInt32
    /// RTP data packets sent so far.
    public var packetCount: UInt32
    /// RTP payload octets sent so far.
    public var octetCount: UInt32
    /// Reception reports; only the first 31 are written.
    public var reports: [ReceptionReport]
    /// Profile-specific extension after the blocks, kept as is.
    public var profileExtension: ByteBuffer

    public init(
        ssrc: UInt32, ntpTime: UInt64, rtpTime: UInt32, packetCount: UInt32, octetCount: UInt32,
        reports: [ReceptionReport] = [], profileExtension: ByteBuffer = ByteBuffer()
    ) {
        self.ssrc = ssrc
        self.ntpTime = ntpTime
        self.rtpTime = rtpTime
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reports = reports
        self.profileExtension = profileExtension
    }

    /// Reads one SR packet from the front of `buffer`.
    public init(parsing buffer: inout ByteBuffer) throws(RTCPError) {
        self = try RTCPHeader.parsePacket(&buffer, type: .senderReport) { header, body throws(RTCPError) in
            try SenderReport(header: header, body: &body)
        }
    }

    init(header: RTCPHeader, body: inout RTCPReader) throws(RTCPError) {
        guard body.remaining >= Self.fixedBodySize else { throw .lengthMismatch(at: body.packetOffset) }
        ssrc = try body.read(UInt32.self)
        ntpTime = try body.read(UInt64.self)
        rtpTime = try body.read(UInt32.self)
        packetCount = try body.read(UInt32.self)
        octetCount = try body.read(UInt32.self)
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
        let room = RTCPHeader.maxBodySize - Self.fixedBodySize - writtenReports.count * ReceptionReport.size
        return profileExtension.getSlice(
            at: profileExtension.readerIndex, length: min(profileExtension.readableBytes, room)) ?? ByteBuffer()
    }

    private var bodySize: Int {
        Self.fixedBodySize + writtenReports.count * ReceptionReport.size + writtenExtension.readableBytes
    }

    /// Writes the packet, header included: the first 31 reports, and as
    /// much of the extension as the length field can hold.
    public func write(into buffer: inout ByteBuffer) {
        let reports = writtenReports
        let bodySize = bodySize
        RTCPHeader.write(into: &buffer, type: .senderReport, count: reports.count, bodySize: bodySize)
        buffer.writeInteger(ssrc)
        buffer.writeInteger(ntpTime)
        buffer.writeInteger(rtpTime)
        buffer.writeInteger(packetCount)
        buffer.writeInteger(octetCount)
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
