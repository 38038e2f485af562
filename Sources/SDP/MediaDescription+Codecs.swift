extension MediaDescription {
    /// The codecs in m-line order. A payload type without `rtpmap` is left
    /// out unless it is one of the static ones (PCMU, PCMA, G722).
    public var codecs: [Codec] {
        let maps = rtpMaps
        let parameters = formatParameters
        let feedback = rtcpFeedback
        return payloadTypes.compactMap { payloadType in
            var codec: Codec
            if let map = maps.first(where: { $0.payloadType == payloadType }) {
                codec = Codec(
                    payloadType: payloadType, name: map.encodingName, clockRate: map.clockRate, channels: map.channels)
            } else if let known = Codec.staticCodec(payloadType) {
                codec = known
            } else {
                return nil
            }
            codec.parameterText = parameters.first { $0.payloadType == payloadType }?.text ?? ""
            codec.feedback = feedback.filter { $0.applies(to: payloadType) }
            return codec
        }
    }

    /// The codec with payload type `payloadType`.
    public func codec(payloadType: UInt8) -> Codec? {
        codecs.first { $0.payloadType == payloadType }
    }

    /// The first codec called `name` (case-insensitive), e.g. `opus`.
    public func codec(named name: String) -> Codec? {
        let wanted = name.lowercased()
        return codecs.first { $0.name.lowercased() == wanted }
    }

    /// RTX payload type -> the payload type it repairs (`apt=`, RFC 4588 §8.6).
    public var rtxAssociations: [UInt8: UInt8] {
        var result: [UInt8: UInt8] = [:]
        for codec in codecs {
            if let primary = codec.associatedPayloadType { result[codec.payloadType] = primary }
        }
        return result
    }

    /// The RTX payload type that repairs `primary`, if any.
    public func rtxPayloadType(for primary: UInt8) -> UInt8? {
        codecs.first { $0.associatedPayloadType == primary }?.payloadType
    }

    /// Adds a codec: its payload type to the m-line (if missing), then its
    /// `rtpmap`, `fmtp` (when it has parameters) and `rtcp-fb` lines.
    /// Feedback for `*` is not repeated if already present.
    public mutating func addCodec(_ codec: Codec) {
        let format = String(codec.payloadType)
        if !formats.contains(format) { formats.append(format) }
        append(codec.rtpMap)
        for item in codec.feedback where item.formats != .all || !attributes.contains(SDPAttribute(item)) {
            append(item)
        }
        if !codec.parameterText.isEmpty { append(codec.formatParameters) }
    }

    // MARK: SSRCs (RFC 5576)

    /// The SSRCs named by `a=ssrc` lines, each once, in order.
    public var ssrcs: [UInt32] {
        var seen = Set<UInt32>()
        return ssrcAttributes.compactMap { seen.insert($0.ssrc).inserted ? $0.ssrc : nil }
    }

    /// The value of `a=ssrc:<ssrc> <name>:<value>`, e.g. the `cname`.
    public func ssrcAttribute(_ name: String, of ssrc: UInt32) -> String? {
        ssrcAttributes.first { $0.ssrc == ssrc && $0.name == name }?.value
    }

    /// The `ssrc-group` lines with the given semantics.
    public func ssrcGroups(_ semantics: SSRCGroup.Semantics) -> [SSRCGroup] {
        ssrcGroups.filter { $0.semantics == semantics }
    }

    /// Primary SSRC -> RTX SSRC from the `FID` groups.
    public var rtxSSRCs: [UInt32: UInt32] {
        var result: [UInt32: UInt32] = [:]
        for group in ssrcGroups(.fid) where group.ssrcs.count >= 2 {
            result[group.ssrcs[0]] = group.ssrcs[1]
        }
        return result
    }

    /// The SSRCs of the first `SIM` group (legacy simulcast), lowest layer first.
    public var simulcastSSRCs: [UInt32] { ssrcGroups(.sim).first?.ssrcs ?? [] }
}
