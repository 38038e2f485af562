import SDP

/// Answers the offers of one participant's publish peer connection: the
/// first one and every renegotiation after it (tracks added or removed).
///
/// Rules (RFC 8829 §5.3.1 and interop-notes.md): the answer has the offer's
/// m-lines in the offer's order; audio/video m-lines in the offer's BUNDLE
/// group with a supported codec are accepted `recvonly` (the server never
/// sends on this peer connection); the first data channel m-line (RFC 8841)
/// in BUNDLE is accepted when `dataChannelMaxMessageSize` is set; everything
/// else is rejected with port 0 and kept out of BUNDLE.
public struct PublishAnswerer: Sendable {
    public var preferences: CodecPreferences
    /// Accept an m=application with this `a=max-message-size`; nil rejects it.
    public var dataChannelMaxMessageSize: Int?
    /// The data channel m-line the last answer accepted.
    public private(set) var lastDataChannel: NegotiatedDataChannel?
    /// The `o=` session id of every answer on this peer connection.
    public let sessionID: UInt64
    /// The `o=` version of the last answer; incremented per answer.
    public private(set) var version: UInt64 = 0
    /// The mids of the last answered offer and whether each was rejected.
    public private(set) var previousMediaSections: [(mid: String, rejected: Bool)] = []

    public init(preferences: CodecPreferences = CodecPreferences(), sessionID: UInt64? = nil) {
        var generator = SystemRandomNumberGenerator()
        self.preferences = preferences
        self.sessionID = sessionID ?? ServerSDP.randomSessionID(using: &generator)
    }

    /// Answers `offer`. Throws when the offer cannot be used: no BUNDLE, an
    /// accepted m-line without mid, ICE credentials, fingerprint or
    /// rtcp-mux, a `holdconn` role, no supported codec at all, or a
    /// renegotiation that removed or reordered m-lines.
    public mutating func answer(
        _ offer: SessionDescription, transport: ServerTransportParameters
    ) throws(NegotiationError) -> PublishAnswer {
        let mids = try Self.mids(of: offer)
        try checkRenegotiation(mids: mids)
        guard let bundle = offer.bundleGroup else { throw .missingBundleGroup }

        // Decide per m-line; the checks that throw only apply to accepted ones.
        var plans: [MediaPlan?] = []
        var remote: RemoteTransportParameters?
        var dataIndex: Int?
        for (index, media) in offer.media.enumerated() {
            let mid = mids[index]
            if dataIndex == nil, dataChannelMaxMessageSize != nil, DataChannelSDP.isDataChannel(media), !media.isRejected,
                bundle.mids.contains(mid)
            {
                let parameters = try RemoteTransportParameters(of: media, in: offer, mid: mid)
                if parameters.setupRole == .holdconn { throw .badSetupRole(mid: mid, .holdconn) }
                if remote == nil { remote = parameters }
                dataIndex = index
                plans.append(nil)
                continue
            }
            guard let kind = MediaKind(rawValue: media.media), !media.isRejected,
                Self.isSecureRTP(media.proto), bundle.mids.contains(mid)
            else {
                plans.append(nil)
                continue
            }
            let codecs = preferences.acceptedCodecs(for: kind, in: media)
            guard !codecs.isEmpty else {
                plans.append(nil)
                continue
            }
            guard media.isRTCPMux else { throw .missingRTCPMux(mid: mid) }
            let parameters = try RemoteTransportParameters(of: media, in: offer, mid: mid)
            if parameters.setupRole == .holdconn { throw .badSetupRole(mid: mid, .holdconn) }
            // RFC 9143 §7.3.1: one transport; the first accepted m-line's parameters are the ones used.
            if remote == nil { remote = parameters }
            plans.append(MediaPlan(kind: kind, codecs: codecs))
        }
        guard let remote else { throw .noSupportedCodecs }
        let localRole: SetupRole = remote.setupRole == .passive ? .active : .passive

        version += 1
        var answer = SessionDescription(origin: ServerSDP.origin(sessionID: sessionID, version: version))
        let acceptedMIDs = offer.media.indices.filter { plans[$0] != nil || $0 == dataIndex }.map { mids[$0] }
        answer.append(MediaGroup(semantics: MediaGroup.bundle, mids: acceptedMIDs))
        answer.append(SDPAttribute(name: "ice-lite"))
        answer.append(SDPAttribute(name: "msid-semantic", value: " WMS"))
        if offer.extmapAllowMixed { answer.append(SDPAttribute(name: "extmap-allow-mixed")) }

        var published: [PublishedMedia] = []
        var dataChannel: NegotiatedDataChannel?
        for (index, media) in offer.media.enumerated() {
            let mid = mids[index]
            if index == dataIndex, let size = dataChannelMaxMessageSize {
                answer.media.append(DataChannelSDP.section(mid: mid, transport: transport, setup: localRole, maxMessageSize: size))
                dataChannel = DataChannelSDP.remote(of: media, mid: mid)
                continue
            }
            guard let plan = plans[index] else {
                answer.media.append(Self.rejected(media, mid: mid))
                if let kind = MediaKind(rawValue: media.media) {
                    published.append(
                        PublishedMedia(mid: mid, kind: kind, codecs: [], extensions: HeaderExtensionIDs(), isActive: false))
                }
                continue
            }
            let direction = offer.direction(of: media)
            let (section, entry) = Self.accepted(
                media, mid: mid, plan: plan, sends: direction.sends, transport: transport, setup: localRole)
            answer.media.append(section)
            published.append(entry)
        }
        lastDataChannel = dataChannel
        previousMediaSections = offer.media.indices.map { (mids[$0], plans[$0] == nil && $0 != dataIndex) }
        return PublishAnswer(
            description: answer, media: published, remoteTransport: remote, localSetupRole: localRole,
            dataChannel: dataChannel)
    }

    /// What was decided for an accepted m-line.
    struct MediaPlan: Equatable {
        var kind: MediaKind
        var codecs: [MediaCodec]
    }

    /// Every m-line's mid; BUNDLE needs them all (RFC 9143 §7.2), and unique.
    static func mids(of offer: SessionDescription) throws(NegotiationError) -> [String] {
        var mids: [String] = []
        for (index, media) in offer.media.enumerated() {
            guard let mid = media.mid, !mid.isEmpty else { throw .missingMID(mLineIndex: index) }
            guard !mids.contains(mid) else { throw .duplicateMID(mid) }
            mids.append(mid)
        }
        return mids
    }

    /// RFC 8829 §5.2.2: a later offer keeps every earlier m-line in place; only
    /// a rejected one may be recycled under a new mid.
    func checkRenegotiation(mids: [String]) throws(NegotiationError) {
        for (index, previous) in previousMediaSections.enumerated() {
            guard index < mids.count else { throw .mediaSectionsChanged(mLineIndex: index) }
            if mids[index] != previous.mid && !previous.rejected { throw .mediaSectionsChanged(mLineIndex: index) }
        }
    }

    /// DTLS-SRTP profiles (RFC 5764 §8): `UDP/TLS/RTP/SAVPF` as browsers
    /// write it, or its SAVP form.
    static func isSecureRTP(_ proto: String) -> Bool {
        let upper = proto.uppercased()
        return upper == "UDP/TLS/RTP/SAVPF" || upper == "UDP/TLS/RTP/SAVP"
    }

    /// A rejected m-line: port 0, the offer's formats, its mid (RFC 8829 §5.3.1).
    static func rejected(_ offered: MediaDescription, mid: String) -> MediaDescription {
        var section = MediaDescription(
            media: offered.media, port: 0, proto: offered.proto,
            formats: offered.formats.isEmpty ? ["0"] : offered.formats, connections: [ServerSDP.placeholderConnection])
        section.append(SDPAttribute(name: "mid", value: mid))
        return section
    }
}
