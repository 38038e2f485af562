/// Something with an ordered `a=` list: a session or a media section. The
/// typed accessors below read that list; values that do not parse are
/// skipped (a parsed description has had its known attributes checked).
public protocol SDPAttributeCarrier {
    var attributes: [SDPAttribute] { get set }
}

extension SDPAttributeCarrier {
    // MARK: generic access

    /// True when an attribute called `name` is present (flags like `rtcp-mux`).
    public func hasAttribute(_ name: String) -> Bool {
        attributes.contains { $0.name == name }
    }

    /// The value of the first attribute called `name` (nil if absent or a flag).
    public func firstValue(of name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// All attributes of a typed kind that parse, in order.
    public func values<Value: SDPAttributeValue>(_ type: Value.Type) -> [Value] {
        attributes.compactMap { try? $0.parsed(as: type) }
    }

    /// The first attribute of a typed kind that parses.
    public func firstValue<Value: SDPAttributeValue>(_ type: Value.Type) -> Value? {
        for attribute in attributes {
            if let value = try? attribute.parsed(as: type) { return value }
        }
        return nil
    }

    /// Appends an attribute at the end.
    public mutating func append(_ attribute: SDPAttribute) {
        attributes.append(attribute)
    }

    /// Appends a typed attribute at the end.
    public mutating func append<Value: SDPAttributeValue>(_ value: Value) {
        attributes.append(SDPAttribute(value))
    }

    /// Removes every attribute called `name`.
    public mutating func removeAttributes(named name: String) {
        attributes.removeAll { $0.name == name }
    }

    /// Replaces the attributes called `attribute.name` by `attribute`, in the
    /// first one's place (else at the end).
    public mutating func replaceAttributes(with attribute: SDPAttribute) {
        let place = attributes.firstIndex { $0.name == attribute.name } ?? attributes.count
        removeAttributes(named: attribute.name)
        attributes.insert(attribute, at: min(place, attributes.count))
    }

    /// Adds (once, at the end) or removes a flag attribute such as `rtcp-mux`.
    public mutating func setFlag(_ name: String, _ present: Bool) {
        if present {
            if !hasAttribute(name) { attributes.append(SDPAttribute(name: name)) }
        } else {
            removeAttributes(named: name)
        }
    }

    // MARK: identification, ICE and DTLS (RFC 5888, 8839, 8842)

    /// `a=mid` (RFC 5888 §4).
    public var mid: String? { firstValue(of: "mid") }
    /// `a=group` lines (RFC 5888).
    public var groups: [MediaGroup] { values(MediaGroup.self) }
    /// `a=ice-ufrag` (RFC 8839 §5.4).
    public var iceUfrag: String? { firstValue(of: "ice-ufrag") }
    /// `a=ice-pwd` (RFC 8839 §5.4).
    public var icePwd: String? { firstValue(of: "ice-pwd") }
    /// `a=ice-options` tokens, e.g. `trickle` (RFC 8839 §5.6).
    public var iceOptions: [String] {
        attributes.filter { $0.name == "ice-options" }.flatMap { SDPText.fields(($0.value ?? "")[...]).map(String.init) }
    }
    /// `a=ice-lite` (RFC 8839 §5.3).
    public var isICELite: Bool { hasAttribute("ice-lite") }
    /// `a=end-of-candidates` (RFC 8840 §8.2).
    public var hasEndOfCandidates: Bool { hasAttribute("end-of-candidates") }
    /// `a=candidate` lines.
    public var candidates: [ICECandidate] { values(ICECandidate.self) }
    /// `a=fingerprint` lines (RFC 8122).
    public var fingerprints: [Fingerprint] { values(Fingerprint.self) }
    /// `a=setup` (RFC 4145).
    public var setupRole: SetupRole? { firstValue(SetupRole.self) }

    // MARK: RTP and RTCP

    /// The direction attribute, if any (RFC 8866 §6.7).
    public var direction: MediaDirection? {
        for attribute in attributes where attribute.value == nil {
            if let direction = MediaDirection(rawValue: attribute.name) { return direction }
        }
        return nil
    }
    /// Replaces any direction attribute by `direction` (in the first one's place).
    public mutating func setDirection(_ direction: MediaDirection) {
        let place = attributes.firstIndex { $0.value == nil && MediaDirection(rawValue: $0.name) != nil }
        attributes.removeAll { $0.value == nil && MediaDirection(rawValue: $0.name) != nil }
        attributes.insert(direction.attribute, at: min(place ?? attributes.count, attributes.count))
    }
    /// `a=rtcp-mux` (RFC 5761).
    public var isRTCPMux: Bool { hasAttribute("rtcp-mux") }
    /// `a=rtcp-rsize` (RFC 5506).
    public var isRTCPReducedSize: Bool { hasAttribute("rtcp-rsize") }
    /// `a=rtcp` (RFC 3605).
    public var rtcp: RTCPAttribute? { firstValue(RTCPAttribute.self) }
    /// `a=rtpmap` lines.
    public var rtpMaps: [RTPMap] { values(RTPMap.self) }
    /// `a=fmtp` lines.
    public var formatParameters: [FormatParameters] { values(FormatParameters.self) }
    /// `a=rtcp-fb` lines.
    public var rtcpFeedback: [RTCPFeedback] { values(RTCPFeedback.self) }
    /// `a=extmap` lines (RFC 8285).
    public var extensionMaps: [ExtensionMap] { values(ExtensionMap.self) }
    /// `a=extmap-allow-mixed` (RFC 8285 §6).
    public var extmapAllowMixed: Bool { hasAttribute("extmap-allow-mixed") }
    /// `a=msid` lines (RFC 8830).
    public var mediaStreamIDs: [MediaStreamID] { values(MediaStreamID.self) }
    /// `a=ssrc` lines (RFC 5576).
    public var ssrcAttributes: [SSRCAttribute] { values(SSRCAttribute.self) }
    /// `a=ssrc-group` lines (RFC 5576).
    public var ssrcGroups: [SSRCGroup] { values(SSRCGroup.self) }
    /// `a=rid` lines (RFC 8851).
    public var rids: [RID] { values(RID.self) }
    /// `a=simulcast` (RFC 8853).
    public var simulcast: Simulcast? { firstValue(Simulcast.self) }

    // MARK: data channels (RFC 8841)

    /// `a=sctp-port`.
    public var sctpPort: UInt16? { firstValue(of: "sctp-port").flatMap { SDPText.decimal($0[...]) } }
    /// `a=max-message-size`.
    public var maxMessageSize: UInt64? { firstValue(of: "max-message-size").flatMap { SDPText.decimal($0[...]) } }
}
