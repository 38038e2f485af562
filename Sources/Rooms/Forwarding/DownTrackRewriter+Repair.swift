import NIOCore
import RTP

extension DownTrackRewriter {
    /// What the rewriter wrote into one packet's header and descriptor
    /// beyond what the publisher's packet and the negotiation give: enough
    /// to write the same packet again from the publisher's bytes (a
    /// retransmission), without keeping the subscriber's copy.
    struct WrittenHeader {
        var timestamp: UInt32 = 0
        var absSendTime: UInt32?
        /// The VP8 picture ID and TL0PICIDX as rewritten, when present.
        var pictureID: UInt16?
        var tl0PictureIndex: UInt8?
    }

    /// Writes into `out` (replacing its contents) the packet this down
    /// track sent as `sequenceNumber` with `written`, from `source`, the
    /// publisher's packet as it arrived: the same bytes as the first time,
    /// the transport-wide number again a placeholder. False, writing
    /// nothing usable, when `source` is not a packet this negotiation
    /// forwards (it never was one that got sent).
    func rewriteAgain(
        sequenceNumber: UInt16, written: WrittenHeader, from source: ByteBuffer, into out: inout ByteBuffer
    ) -> Bool {
        guard let header = try? RTPHeader(parsing: source),
            case .forward(let payloadType, let codec, _) = payloadTypes[header.payloadType],
            let payload = header.payload(in: source), payload.readableBytes > 0
        else { return false }
        writeHeader(
            into: &out, marker: header.marker, payloadType: payloadType, sequenceNumber: sequenceNumber,
            timestamp: written.timestamp, header: header, buffer: source, transportSequenceNumber: 0,
            absSendTime: written.absSendTime, payloadLength: payload.readableBytes)
        let payloadIndex = out.writerIndex
        out.writeImmutableBuffer(payload)
        if var descriptor = codec?.parsePayload(payload)?.vp8 {
            if let pictureID = written.pictureID {
                descriptor.setPictureID(pictureID, in: &out, payloadIndex: payloadIndex)
            }
            if let index = written.tl0PictureIndex {
                descriptor.setTL0PictureIndex(index, in: &out, payloadIndex: payloadIndex)
            }
        }
        return true
    }
}
