import NIOCore
import RTP

extension DownTrackRewriter {
    /// Where `writeHeader` puts the transport-wide sequence number's value,
    /// from the packet's first byte, when it writes one with an
    /// abs-send-time (as forwarding does): its elements go in a fixed order,
    /// so the send path can stamp the number without parsing the header.
    var transportSequenceOffset: Int? {
        guard extensions.transportWideCCID != 0 else { return nil }
        var offset = RTPHeader.fixedLength + 4
        if extensions.midID != 0 { offset += 1 + extensions.mid.count }
        if extensions.absSendTimeID != 0 { offset += 4 }
        return offset + 1
    }

    /// Clears `out` and writes the fixed header (V=2, no padding, no CSRCs)
    /// and the one-byte extension block, reserving room for the payload
    /// and the SRTP tag.
    func writeHeader(
        into out: inout ByteBuffer, marker: Bool, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32,
        header: RTPHeader, buffer: ByteBuffer, transportSequenceNumber: UInt16?, absSendTime: UInt32?,
        payloadLength: Int
    ) {
        // The audio level is copied only when 1 byte, as RFC 6464 §3 defines it.
        var audioLevel: UInt8?
        if extensions.audioLevelID != 0, let value = header.extensionValue(id: extensions.publisherAudioLevelID, in: buffer),
            value.readableBytes == 1
        {
            audioLevel = value.getInteger(at: value.readerIndex, as: UInt8.self)
        }
        let writeMID = extensions.midID != 0
        let writeAbsSendTime = extensions.absSendTimeID != 0 && absSendTime != nil
        let writeTransportCC = extensions.transportWideCCID != 0 && transportSequenceNumber != nil

        var dataLength = 0
        if writeMID { dataLength += 1 + extensions.mid.count }
        if writeAbsSendTime { dataLength += 4 }
        if writeTransportCC { dataLength += 3 }
        if audioLevel != nil { dataLength += 2 }
        // RFC 8285 §4.2: the block is padded with zeros to 32 bits.
        let paddedLength = (dataLength + 3) & ~3
        let extensionLength = dataLength == 0 ? 0 : 4 + paddedLength

        out.clear()
        let headerLength = RTPHeader.fixedLength + extensionLength
        out.reserveCapacity(headerLength + payloadLength + Self.srtpTrailerReserve)
        // One write for the whole header: each writeInteger would check the
        // storage's uniqueness and capacity again (swift_isUniquelyReferenced
        // was ~1.7% of a saturated server).
        let ssrc = self.ssrc
        let extensions = self.extensions
        out.writeWithUnsafeMutableBytes(minimumWritableBytes: headerLength) { raw in
            var at = 0
            func put(_ byte: UInt8) {
                raw[at] = byte
                at += 1
            }
            func put(_ value: UInt16) {
                put(UInt8(truncatingIfNeeded: value >> 8))
                put(UInt8(truncatingIfNeeded: value))
            }
            func put(_ value: UInt32) {
                put(UInt16(truncatingIfNeeded: value >> 16))
                put(UInt16(truncatingIfNeeded: value))
            }
            put(UInt8(dataLength == 0 ? 0x80 : 0x90))
            put((marker ? 0x80 : 0) | (payloadType & 0x7F))
            put(sequenceNumber)
            put(timestamp)
            put(ssrc)
            guard dataLength > 0 else { return at }
            put(RTPHeaderExtensionProfile.oneByte.rawValue)
            put(UInt16(paddedLength / 4))
            // One-byte element header: id in the high nibble, length - 1 below.
            if writeMID {
                put(extensions.midID << 4 | UInt8(extensions.mid.count - 1))
                for byte in extensions.mid { put(byte) }
            }
            if writeAbsSendTime, let absSendTime {
                put(extensions.absSendTimeID << 4 | 2)
                put(UInt8(truncatingIfNeeded: absSendTime >> 16))
                put(UInt16(truncatingIfNeeded: absSendTime))
            }
            if writeTransportCC, let transportSequenceNumber {
                put(extensions.transportWideCCID << 4 | 1)
                put(transportSequenceNumber)
            }
            if let audioLevel {
                put(extensions.audioLevelID << 4)
                put(audioLevel)
            }
            // RFC 8285 §4.2 padding.
            while at < headerLength { put(UInt8(0)) }
            return at
        }
    }
}
