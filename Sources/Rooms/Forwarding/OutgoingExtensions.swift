import MediaNegotiation

/// The header extensions a down track writes, resolved once from the
/// subscriber's and the publisher's `a=extmap` ids: only those the
/// forwarder fills (mid, abs-send-time, transport-wide-cc) or copies
/// (audio level), and only ids the one-byte form can carry (RFC 8285 §4.2:
/// 1-14; values of 1-16 bytes).
public struct OutgoingExtensions: Sendable, Hashable {
    /// Subscriber ids, 0 when not written.
    public let midID: UInt8
    public let absSendTimeID: UInt8
    public let transportWideCCID: UInt8
    public let audioLevelID: UInt8
    /// The publisher's audio-level id to copy from, 0 when none.
    public let publisherAudioLevelID: UInt8
    /// The subscriber's MID for this m-line, as bytes.
    public let mid: [UInt8]

    public init(mid: String, subscriber: HeaderExtensionIDs, publisher: HeaderExtensionIDs) {
        func oneByteID(_ uri: String) -> UInt8 {
            guard let id = subscriber[uri], (1...14).contains(id) else { return 0 }
            return id
        }
        let midBytes = Array(mid.utf8)
        self.mid = midBytes
        self.midID = (1...16).contains(midBytes.count) ? oneByteID(HeaderExtensionURI.mid) : 0
        self.absSendTimeID = oneByteID(HeaderExtensionURI.absSendTime)
        self.transportWideCCID = oneByteID(HeaderExtensionURI.transportWideCC)
        let publisherAudioLevel = publisher[HeaderExtensionURI.audioLevel] ?? 0
        self.publisherAudioLevelID = publisherAudioLevel
        self.audioLevelID = publisherAudioLevel == 0 ? 0 : oneByteID(HeaderExtensionURI.audioLevel)
    }
}
