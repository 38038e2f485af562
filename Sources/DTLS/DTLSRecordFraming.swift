import COpenSSL
import NIOCore

/// The record layer's framing, checked before OpenSSL sees a datagram.
///
/// RFC 6347 §4.1.1: each record fits in one datagram, and a datagram holds
/// whole records only. A datagram whose records do not tile it exactly (a
/// length field pointing before its end or past it, a header cut short) was
/// not sent by a DTLS peer. OpenSSL 3.0 answers some of those inside an
/// established session with a fatal alert (a shortened length leaves a
/// stray tail it treats as a broken record), so one forged datagram from the
/// peer's address would end the session: such datagrams are dropped here,
/// as RFC 6347 §4.1.2.7 allows for invalid records. The same holds for a
/// protected record shorter than its cipher's overhead (an AEAD record of
/// fewer bytes than nonce and tag), which OpenSSL 3.0 also treats as fatal.
enum DTLSRecordFraming {
    /// DTLS record header: type, version, epoch, sequence number, length.
    static let headerSize = 13

    /// True when `datagram` is one or more whole DTLS records and nothing
    /// else, and no record of a protected epoch (not 0) is shorter than
    /// `minimumProtectedLength`.
    static func isWellFramed(_ datagram: ByteBuffer, minimumProtectedLength: Int = 0) -> Bool {
        datagram.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                guard bytes.count - offset >= headerSize else { return false }
                // Content types 20...63 (RFC 7983's DTLS range); versions are 0xFE__.
                guard (20...63).contains(bytes[offset]), bytes[offset + 1] == 0xFE else { return false }
                let length = Int(bytes[offset + 11]) << 8 | Int(bytes[offset + 12])
                let epoch = Int(bytes[offset + 3]) << 8 | Int(bytes[offset + 4])
                offset += headerSize
                guard length <= bytes.count - offset else { return false }
                guard epoch == 0 || length >= minimumProtectedLength else { return false }
                offset += length
            }
            return offset == bytes.count && offset > 0
        }
    }
}

extension DTLSEndpoint {
    /// The fewest bytes a record protected by the negotiated cipher holds:
    /// for an AEAD suite, explicit nonce and tag (what `DTLS_get_data_mtu`
    /// takes off the MTU besides the header). 0 for other suites, whose
    /// padding makes the bound cipher-specific (none is offered by default).
    func protectedRecordMinimum() -> Int {
        guard let cipher = SSL_get_current_cipher(ssl), SSL_CIPHER_is_aead(cipher) == 1 else { return 0 }
        let dataMTU = DTLS_get_data_mtu(ssl)
        guard dataMTU > 0 else { return 0 }
        return max(io.mtu - DTLSRecordFraming.headerSize - dataMTU, 0)
    }
}
