import NIOCore
import RTP
import RTPStreams

extension OutboundStream {
    /// What one NACK (RFC 4585 §6.2.1) gets from the stream.
    struct NACKAnswer {
        /// Packets to send again, ready but for the transport-wide number.
        var repairs: [ByteBuffer] = []
        /// Sequence numbers looked at.
        var asked = 0
        /// Held, but over the subscriber's retransmission budget.
        var overBudget = 0
        /// Ahead of anything sent.
        var unsent = 0
        /// Sent once and no longer held (older than the history's age or
        /// past its packet cap).
        var pastHistory = 0
        /// Some packet was sent once and is gone: only a keyframe repairs it.
        var needsKeyframe = false
    }

    /// Sequence numbers answered per NACK packet at most: a NACK naming the
    /// whole history must not turn one small packet into hundreds.
    static let maxRetransmissionsPerNACK = 64

    /// Answers a subscriber's NACK from the history: each packet still held
    /// (its bytes in `sources`, the publisher streams by SSRC) goes again,
    /// within `budget` at `allowance` bit/s, as RTX (RFC 4588) when the
    /// subscriber accepted it, else as it was; `rtt` is the least time
    /// between two retransmissions of one packet. Nothing without a
    /// history (audio).
    mutating func answerNACK(
        _ sequenceNumbers: [UInt16], sources: [UInt32: InboundStream], rtt: TimeAmount,
        budget: inout RetransmissionBudget, allowance: UInt64, now: NIODeadline
    ) -> NACKAnswer {
        var answer = NACKAnswer()
        guard let capacity = history?.capacity else { return answer }
        for sequenceNumber in sequenceNumbers.prefix(Self.maxRetransmissionsPerNACK) {
            nacksReceived &+= 1
            answer.asked += 1
            // In place: a copy of the ring would copy every entry.
            switch history?.retransmission(of: sequenceNumber, now: now, rtt: rtt) ?? .missing {
            case .packet(let sent):
                var packet = ByteBuffer()
                guard let source = sources[sent.sourceSSRC]?.packets?.packet(at: sent.sourceIndex),
                    rewriter.rewriteAgain(
                        sequenceNumber: sent.sequenceNumber, written: sent.header, from: source, into: &packet)
                else {
                    // The publisher stream's history let it go first.
                    retransmissionMisses &+= 1
                    answer.pastHistory += 1
                    answer.needsKeyframe = true
                    continue
                }
                guard budget.take(bytes: packet.readableBytes, estimate: allowance, now: now) else {
                    answer.overBudget += 1
                    continue
                }
                guard let repair = repairPacket(from: packet) else { continue }
                retransmissionsSent &+= 1
                answer.repairs.append(repair)
            case .suppressed:
                break
            case .missing:
                // Sent once and gone (or too far back to be held): only a
                // keyframe repairs it. Never sent: a publisher loss the
                // upstream NACK is recovering; it goes out when it comes.
                let behind = rewriter.lastSequenceNumber &- sequenceNumber
                if behind >= 0x8000 {
                    // Ahead of anything sent: no receiver loses a packet
                    // that does not exist yet.
                    answer.unsent += 1
                    continue
                }
                if history?.wasDropped(sequenceNumber, now: now) == true || Int(behind) >= capacity {
                    retransmissionMisses &+= 1
                    answer.pastHistory += 1
                    answer.needsKeyframe = true
                }
            }
        }
        return answer
    }

    /// The packet to send again for `stored` (a packet as first sent): an
    /// RTX packet (RFC 4588 §4: RTX SSRC, payload type and sequence, the
    /// original sequence number before the payload) or a plain copy.
    private mutating func repairPacket(from stored: ByteBuffer) -> ByteBuffer? {
        guard let header = try? RTPHeader(parsing: stored) else { return nil }
        guard let rtxSSRC = rewriter.rtxSSRC, let rtxPayloadType = rtxPayloadTypes[header.payloadType],
            let payload = header.payload(in: stored),
            var head = stored.getSlice(at: stored.readerIndex, length: header.headerLength)
        else { return stored }
        var out = ByteBuffer()
        out.reserveCapacity(stored.readableBytes + 2 + DownTrackRewriter.srtpTrailerReserve)
        out.writeBuffer(&head)
        out.writeInteger(header.sequenceNumber)
        out.writeImmutableBuffer(payload)
        guard var rtx = try? RTPHeader(parsing: out) else { return nil }
        rtx.setSSRC(rtxSSRC, in: &out)
        rtx.setPayloadType(rtxPayloadType, in: &out)
        rtx.setSequenceNumber(rtxSequenceNumber, in: &out)
        rtxSequenceNumber &+= 1
        return out
    }

    /// Padding bytes per probe packet (RFC 3550 §5.1: the last byte counts
    /// them, so at most 255).
    static let paddingPacketBytes = 255

    /// Whether padding probes can go on this stream's RTX stream: it has
    /// one, and a send-time extension the receiver measures them by.
    var canCarryPadding: Bool {
        rtxSSRC != nil && !rtxPayloadTypes.isEmpty
            && (rewriter.writesTransportSequenceNumber || rewriter.extensions.absSendTimeID != 0)
    }

    /// A padding-only RTX packet (RFC 3550 §5.1 P bit, RFC 4588 stream)
    /// with the send time and a transport-wide number placeholder (the
    /// connection's `send` stamps it); nil without an RTX stream.
    mutating func paddingPacket(absSendTime: UInt32) -> ByteBuffer? {
        guard let rtxSSRC = rewriter.rtxSSRC else { return nil }
        let extensions = rewriter.extensions
        let payloadType = rtxPayloadTypes.values.min() ?? 0
        var out = ByteBuffer()
        out.reserveCapacity(RTPHeader.fixedLength + 12 + Self.paddingPacketBytes + DownTrackRewriter.srtpTrailerReserve)
        out.writeInteger(UInt8(0xB0))  // V=2, P=1, X=1
        out.writeInteger(payloadType & 0x7F)
        out.writeInteger(rtxSequenceNumber)
        out.writeInteger(rewriter.lastTimestamp)
        out.writeInteger(rtxSSRC)
        rtxSequenceNumber &+= 1
        // RFC 8285 one-byte block, padded to 32 bits.
        let writesTWCC = rewriter.writesTransportSequenceNumber
        let writesSendTime = extensions.absSendTimeID != 0
        let dataLength = (writesTWCC ? 3 : 0) + (writesSendTime ? 4 : 0)
        let paddedLength = (dataLength + 3) & ~3
        out.writeInteger(RTPHeaderExtensionProfile.oneByte.rawValue)
        out.writeInteger(UInt16(paddedLength / 4))
        if writesSendTime {
            out.writeInteger(extensions.absSendTimeID << 4 | 2)
            out.writeInteger(UInt8(truncatingIfNeeded: absSendTime >> 16))
            out.writeInteger(UInt16(truncatingIfNeeded: absSendTime))
        }
        if writesTWCC {
            out.writeInteger(extensions.transportWideCCID << 4 | 1)
            out.writeInteger(UInt16(0))
        }
        out.writeRepeatingByte(0, count: paddedLength - dataLength)
        out.writeRepeatingByte(0, count: Self.paddingPacketBytes - 1)
        out.writeInteger(UInt8(Self.paddingPacketBytes))
        return out
    }
}
