import CSRTP
import NIOCore

extension SRTPSession {
    /// Spare bytes libsrtp2 may write after a packet during protect
    /// (SRTP_MAX_TRAILER_LEN: the largest tag plus the largest MKI).
    public static let maximumTrailerLength = Int(SRTP_MAX_TRAILER_LEN)

    /// Largest packet handed to libsrtp2, whose lengths are `int`s; far above
    /// any UDP datagram.
    static let maximumPacketLength = Int(Int32.max) - maximumTrailerLength

    /// Smallest RTP header (RFC 3550 section 5.1).
    static let rtpHeaderLength = 12
    /// Smallest RTCP header with the sender SSRC (RFC 3550 section 6.4).
    static let rtcpHeaderLength = 8

    /// Encrypts and authenticates the RTP packet in `packet`'s readable
    /// bytes in place, appending the tag (`profile.rtpOverhead` bytes). No
    /// copy is made when the buffer is uniquely referenced and already has
    /// `maximumTrailerLength` spare bytes after the packet. On error the
    /// readable bytes are unchanged (libsrtp2 checks the header and the
    /// replay state before it encrypts).
    public func protect(rtp packet: inout ByteBuffer) throws(SRTPError) {
        try protectInPlace(&packet, isRTCP: false)
    }

    /// Encrypts and authenticates the RTCP (compound) packet in place,
    /// appending the E flag, SRTCP index and tag (`profile.rtcpOverhead`).
    public func protectRTCP(_ packet: inout ByteBuffer) throws(SRTPError) {
        try protectInPlace(&packet, isRTCP: true)
    }

    /// Verifies and decrypts the SRTP packet in place and drops its tag.
    /// On error the packet must be dropped: its bytes may have been
    /// partly decrypted.
    public func unprotect(rtp packet: inout ByteBuffer) throws(SRTPError) {
        try unprotectInPlace(&packet, isRTCP: false)
    }

    /// Verifies and decrypts the SRTCP packet in place and drops its
    /// trailer. On error the packet must be dropped.
    public func unprotectRTCP(_ packet: inout ByteBuffer) throws(SRTPError) {
        try unprotectInPlace(&packet, isRTCP: true)
    }

    @inline(__always)
    private func protectInPlace(_ packet: inout ByteBuffer, isRTCP: Bool) throws(SRTPError) {
        let length = packet.readableBytes
        let minimum = isRTCP ? Self.rtcpHeaderLength : Self.rtpHeaderLength
        guard length >= minimum else { throw failure(.bufferTooSmall(length: length, minimum: minimum)) }
        guard length <= Self.maximumPacketLength else { throw failure(.badParameter) }

        let context = self.context
        var status = srtp_err_status_ok
        // The readable bytes sit right before the writable ones in the same
        // storage, so libsrtp2 gets the packet's start and room for the tag;
        // reserveCapacity inside is a no-op when there is room already.
        packet.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.maximumTrailerLength) { writable in
            guard let end = writable.baseAddress, writable.count >= Self.maximumTrailerLength else {
                status = srtp_err_status_bad_param
                return 0
            }
            let start = end - length
            var newLength = Int32(length)
            status = isRTCP ? srtp_protect_rtcp(context, start, &newLength) : srtp_protect(context, start, &newLength)
            let grown = Int(newLength) - length
            guard status == srtp_err_status_ok, grown >= 0, grown <= writable.count else {
                if status == srtp_err_status_ok { status = srtp_err_status_fail }
                return 0
            }
            return grown
        }
        guard status == srtp_err_status_ok else {
            throw failure(SRTPError(status: status, function: isRTCP ? "srtp_protect_rtcp" : "srtp_protect"))
        }
        let bytes = UInt64(packet.readableBytes)
        if isRTCP {
            counters.rtcpProtectedPackets &+= 1
            counters.rtcpProtectedBytes &+= bytes
        } else {
            counters.rtpProtectedPackets &+= 1
            counters.rtpProtectedBytes &+= bytes
        }
    }

    @inline(__always)
    private func unprotectInPlace(_ packet: inout ByteBuffer, isRTCP: Bool) throws(SRTPError) {
        let length = packet.readableBytes
        let minimum = isRTCP
            ? Self.rtcpHeaderLength + profile.rtcpOverhead
            : Self.rtpHeaderLength + profile.rtpOverhead
        guard length >= minimum else { throw failure(.bufferTooSmall(length: length, minimum: minimum)) }
        guard length <= Self.maximumPacketLength else { throw failure(.badParameter) }

        let context = self.context
        var newLength = Int32(length)
        let status = packet.withUnsafeMutableReadableBytes { bytes in
            guard let start = bytes.baseAddress else { return srtp_err_status_bad_param }
            return isRTCP ? srtp_unprotect_rtcp(context, start, &newLength) : srtp_unprotect(context, start, &newLength)
        }
        guard status == srtp_err_status_ok else {
            throw failure(SRTPError(status: status, function: isRTCP ? "srtp_unprotect_rtcp" : "srtp_unprotect"))
        }
        // libsrtp2 only ever shrinks the packet; anything else is its bug.
        guard newLength >= 0, Int(newLength) <= length else {
            throw failure(.libsrtp(status: Int32(bitPattern: srtp_err_status_fail.rawValue), function: "srtp_unprotect"))
        }
        packet.moveWriterIndex(to: packet.readerIndex + Int(newLength))
        if streams != nil, let ssrc = packet.getInteger(at: packet.readerIndex + (isRTCP ? 4 : 8), as: UInt32.self),
            let evicted = streams!.record(ssrc) {
            // libsrtp2 takes the SSRC in network order here.
            if srtp_remove_stream(context, evicted.bigEndian) == srtp_err_status_ok { counters.streamsEvicted &+= 1 }
        }
        if isRTCP {
            counters.rtcpUnprotectedPackets &+= 1
            counters.rtcpUnprotectedBytes &+= UInt64(length)
        } else {
            counters.rtpUnprotectedPackets &+= 1
            counters.rtpUnprotectedBytes &+= UInt64(length)
        }
    }

    /// Counts `error` and returns it, for `throw failure(...)`.
    private func failure(_ error: SRTPError) -> SRTPError {
        counters.record(error)
        return error
    }
}
