import SDP

/// Why an offer or answer was refused. The signaling layer answers any of
/// these with the `bad-sdp` error code.
public enum NegotiationError: Error, Hashable, Sendable {
    /// The offer has no `a=group:BUNDLE`: the server runs one transport per
    /// peer connection (RFC 9143, max-bundle).
    case missingBundleGroup
    /// An m-line without `a=mid` (RFC 5888 §4; required with BUNDLE).
    case missingMID(mLineIndex: Int)
    /// Two m-lines with the same `a=mid`.
    case duplicateMID(String)
    /// No `a=ice-ufrag`/`a=ice-pwd` for an accepted m-line, at media or session level.
    case missingICECredentials(mid: String)
    /// No `a=fingerprint` for an accepted m-line (RFC 8122 §5, RFC 8842).
    case missingFingerprint(mid: String)
    /// An accepted m-line without `a=rtcp-mux` (RFC 5761; required by RFC 8834).
    case missingRTCPMux(mid: String)
    /// A DTLS role that cannot be used here: `holdconn`, or `actpass` in an answer.
    case badSetupRole(mid: String, SetupRole)
    /// Not one audio or video m-line with a codec the server forwards.
    case noSupportedCodecs
    /// An answer accepted an m-line without any codec of the offer.
    case noCommonCodec(mid: String)
    /// A renegotiation offer dropped or reordered an m-line of the previous
    /// one (RFC 8829 §5.2.2: m-lines are never removed or reordered).
    case mediaSectionsChanged(mLineIndex: Int)
    /// An answer arrived while no offer was outstanding.
    case noPendingOffer
    /// The answer has a different number of m-lines than the offer.
    case mediaCountMismatch(expected: Int, actual: Int)
    /// The answer's m-line at `mLineIndex` has another mid than the offer's.
    case midMismatch(mLineIndex: Int, expected: String, actual: String?)
    /// The answer's m-line has another media type than the offer's.
    case kindMismatch(mid: String, expected: String, actual: String)
}
