import MediaNegotiation
import NIOCore
import RTCP
import RTP
import RTPStreams

/// The server's side of one participant's publish PC (the receive half of
/// mediasoup's Transport): the congestion feedback it gets (TWCC when it
/// negotiated transport-cc, else REMB), and the receiver reports and NACKs
/// assembled from its tracks' inbound streams.
struct PublisherConnection {
    /// Transport-wide CC feedback, when the publisher negotiated it (its
    /// send-side estimate then works), with the extension's id.
    private(set) var twcc: TWCCRecorder?
    private(set) var twccExtensionID: UInt8 = 0
    /// REMB to a publisher that negotiated only goog-remb.
    var remb: REMBGenerator?

    /// The SSRC the server writes as the sender of its RTCP.
    static let senderSSRC = Room.serverSSRC
    /// The publish PC's round trip, for NACK retries: the server sends no
    /// media there, so it has no SR/RR exchange to measure it.
    static let roundTripTime: TimeAmount = .milliseconds(100)
    /// Report blocks per RR at most (RFC 3550 §6.4.2: a 5-bit count).
    static let maxBlocksPerReport = 31

    /// Chooses the feedback from what `tracks` negotiated: transport-wide
    /// CC when `transport-cc` and the extension are there, else REMB when
    /// `goog-remb` is, else none.
    mutating func configure(tracks: [PublishedTrack]) {
        let codecs = tracks.flatMap { $0.media.codecs.map(\.codec) }
        let twccID = tracks.lazy.compactMap { $0.media.extensions[HeaderExtensionURI.transportWideCC] }.first
        if let twccID, (1...255).contains(twccID), codecs.contains(where: { $0.hasFeedback("transport-cc") }) {
            if twcc == nil { twcc = TWCCRecorder(senderSSRC: Self.senderSSRC, mediaSSRC: 0) }
            twccExtensionID = twccID
            remb = nil
        } else if codecs.contains(where: { $0.hasFeedback("goog-remb") }) {
            twcc = nil
            twccExtensionID = 0
            if remb == nil { remb = REMBGenerator(senderSSRC: Self.senderSSRC) }
        } else {
            twcc = nil
            twccExtensionID = 0
            remb = nil
        }
    }

    /// Records one packet of the publish PC, whatever it carries: every
    /// packet with a transport-wide number counts, RTX and padding too.
    mutating func onPacket(_ packet: RTPPacket, size: Int, now: NIODeadline) {
        if twccExtensionID != 0, twcc != nil,
            let value = try? packet.extensionValue(TransportSequenceNumberExtension.self, id: twccExtensionID)
        {
            twcc?.onPacket(transportSequenceNumber: value.sequenceNumber, arrival: now)
        }
        remb?.onPacket(size: size, arrival: now)
    }

    /// Writes into `buffer` NACKs for what each stream of `tracks` is
    /// missing (RFC 4585 §6.2.1), then TWCC feedback when due. Returns the
    /// sequence numbers NACKed.
    mutating func writeFeedback(for tracks: [PublishedTrack], into buffer: inout ByteBuffer, now: NIODeadline) -> Int {
        var nacked = 0
        for track in tracks {
            for ssrc in Array(track.inbound.keys) {
                if let nack = track.inbound[ssrc]?.nacks?.nack(
                    senderSSRC: Self.senderSSRC, mediaSSRC: ssrc, now: now, rtt: Self.roundTripTime)
                {
                    nack.write(into: &buffer)
                    nacked += nack.lostSequenceNumbers.count
                }
            }
        }
        guard twcc != nil else { return nacked }
        if twcc?.mediaSSRC == 0, let ssrc = tracks.lazy.compactMap(\.primarySSRC).first { twcc?.mediaSSRC = ssrc }
        for feedback in twcc?.feedback(now: now) ?? [] { feedback.write(into: &buffer) }
        return nacked
    }

    /// Writes into `buffer` a receiver report on every stream of `tracks`
    /// (RFC 3550 §6.4.2), and REMB when that is the feedback; false when
    /// there is no stream to report on.
    mutating func writeReports(for tracks: [PublishedTrack], into buffer: inout ByteBuffer, now: NIODeadline) -> Bool {
        var blocks: [ReceptionReport] = []
        var videoSSRCs: [UInt32] = []
        var worstLoss: UInt8 = 0
        for track in tracks {
            for ssrc in Array(track.inbound.keys) {
                guard let block = track.inbound[ssrc]?.statistics.receptionReport(ssrc: ssrc, now: now) else {
                    continue
                }
                blocks.append(block)
                worstLoss = max(worstLoss, block.fractionLost)
                if track.kind == .video { videoSSRCs.append(ssrc) }
            }
        }
        guard !blocks.isEmpty else { return false }
        var start = 0
        while start < blocks.count {
            let end = min(start + Self.maxBlocksPerReport, blocks.count)
            ReceiverReport(ssrc: Self.senderSSRC, reports: Array(blocks[start..<end])).write(into: &buffer)
            start = end
        }
        if remb != nil, !videoSSRCs.isEmpty {
            remb?.onLoss(fractionLost: worstLoss)
            remb?.remb(mediaSSRCs: videoSSRCs, now: now).write(into: &buffer)
        }
        return true
    }
}
