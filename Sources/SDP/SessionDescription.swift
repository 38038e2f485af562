/// A session description (RFC 8866): the session-level lines, then one
/// `MediaDescription` per `m=` section.
///
/// Parse with `init(parsing:)` (CRLF or bare LF), write with `serialized()`
/// (always CRLF, lines in RFC 8866 §5 order). Attributes are an ordered list,
/// so unknown attributes and their order survive a round trip exactly.
public struct SessionDescription: SDPAttributeCarrier, Hashable, Sendable {
    /// `o=`.
    public var origin: Origin
    /// `s=`: JSEP writes `-`.
    public var sessionName: String
    /// `i=`.
    public var information: String?
    /// `u=`.
    public var uri: String?
    /// `e=` lines, as written.
    public var emails: [String]
    /// `p=` lines, as written.
    public var phones: [String]
    /// Session-level `c=`.
    public var connection: Connection?
    /// Session-level `b=` lines.
    public var bandwidths: [Bandwidth]
    /// `t=` lines, each with its `r=` lines; at least one when serialized.
    public var timings: [Timing]
    /// `z=`, as written.
    public var timeZones: String?
    /// `k=`, as written (obsolete, RFC 8866 §5.12).
    public var encryptionKey: String?
    /// Session-level `a=` lines in order.
    public var attributes: [SDPAttribute]
    /// The `m=` sections in order.
    public var media: [MediaDescription]

    public init(
        origin: Origin, sessionName: String = "-", information: String? = nil, uri: String? = nil,
        emails: [String] = [], phones: [String] = [], connection: Connection? = nil,
        bandwidths: [Bandwidth] = [], timings: [Timing] = [Timing()], timeZones: String? = nil,
        encryptionKey: String? = nil, attributes: [SDPAttribute] = [], media: [MediaDescription] = []
    ) {
        self.origin = origin
        self.sessionName = sessionName
        self.information = information
        self.uri = uri
        self.emails = emails
        self.phones = phones
        self.connection = connection
        self.bandwidths = bandwidths
        self.timings = timings
        self.timeZones = timeZones
        self.encryptionKey = encryptionKey
        self.attributes = attributes
        self.media = media
    }

    /// The index of the media section whose `a=mid` is `mid`.
    public func mediaIndex(withMID mid: String) -> Int? {
        media.firstIndex { $0.mid == mid }
    }

    /// The media section whose `a=mid` is `mid`.
    public func media(withMID mid: String) -> MediaDescription? {
        mediaIndex(withMID: mid).map { media[$0] }
    }

    /// The first `a=group:BUNDLE`, if any.
    public var bundleGroup: MediaGroup? { groups.first { $0.isBundle } }

    /// The direction of a media section: its own attribute, else the
    /// session's, else sendrecv (RFC 8866 §6.7).
    public func direction(of media: MediaDescription) -> MediaDirection {
        media.direction ?? direction ?? .sendrecv
    }

    /// The fingerprints that apply to a media section: its own, else the
    /// session-level ones (RFC 8122 §5).
    public func fingerprints(of media: MediaDescription) -> [Fingerprint] {
        let own = media.fingerprints
        return own.isEmpty ? fingerprints : own
    }
}

extension SessionDescription: CustomStringConvertible {
    /// The serialized description.
    public var description: String { serialized() }
}
