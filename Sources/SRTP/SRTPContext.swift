import NIOCore

/// The pair of SRTP sessions for one peer after DTLS-SRTP: outbound
/// (protect what this endpoint sends) and inbound (unprotect what it
/// receives). Not `Sendable`: confined to the peer's event loop.
public struct SRTPContext {
    /// The negotiated protection profile.
    public let profile: SRTPProfile
    /// Protects RTCP sent to the peer, and RTP past the per-SSRC sessions'
    /// limit, with the local master key.
    public let outbound: SRTPSession
    /// Protects RTP sent to the peer: one session per SSRC, same key.
    let outboundStreams: SRTPOutboundStreams
    /// Unprotects RTP and RTCP from the peer, with the remote master key.
    public let inbound: SRTPSession

    /// Sessions for keys already split by role.
    public init(
        keyingMaterial: SRTPKeyingMaterial,
        inboundOptions: SRTPSession.Options = SRTPSession.Options(),
        outboundOptions: SRTPSession.Options = SRTPSession.Options()
    ) throws(SRTPError) {
        self.profile = keyingMaterial.profile
        self.outbound = try SRTPSession(
            direction: .outbound, profile: keyingMaterial.profile,
            masterKey: keyingMaterial.local, options: outboundOptions)
        // A session already restricted to one SSRC needs no others.
        self.outboundStreams = SRTPOutboundStreams(
            profile: keyingMaterial.profile, masterKey: keyingMaterial.local, options: outboundOptions,
            limit: outboundOptions.ssrc == nil ? SRTPOutboundStreams.defaultLimit : 0)
        self.inbound = try SRTPSession(
            direction: .inbound, profile: keyingMaterial.profile,
            masterKey: keyingMaterial.remote, options: inboundOptions)
    }

    /// Sessions from the DTLS exporter output ("EXTRACTOR-dtls_srtp",
    /// `profile.keyingMaterialLength` bytes) for this endpoint's DTLS role.
    public init<Bytes: Collection<UInt8>>(
        exportedKeyingMaterial: Bytes, profile: SRTPProfile, role: SRTPKeyingMaterial.Role,
        inboundOptions: SRTPSession.Options = SRTPSession.Options(),
        outboundOptions: SRTPSession.Options = SRTPSession.Options()
    ) throws(SRTPError) {
        let material = try SRTPKeyingMaterial(exported: exportedKeyingMaterial, profile: profile, role: role)
        try self.init(keyingMaterial: material, inboundOptions: inboundOptions, outboundOptions: outboundOptions)
    }

    /// Protects an RTP packet to send, in place (see `SRTPSession.protect(rtp:)`).
    /// Its SSRC's own session protects it when there is one
    /// (`SRTPOutboundStreams`), the shared session otherwise.
    public func protect(rtp packet: inout ByteBuffer) throws(SRTPError) {
        if let ssrc = packet.getInteger(at: packet.readerIndex + 8, as: UInt32.self),
            let session = outboundStreams.session(for: ssrc)
        {
            try session.protect(rtp: &packet)
        } else {
            try outbound.protect(rtp: &packet)
        }
    }

    /// Counters of everything protected: the shared session's and the
    /// per-SSRC sessions'.
    public var outboundCounters: SRTPCounters {
        var counters = outbound.counters
        counters.add(outboundStreams.counters)
        return counters
    }

    /// Protects an RTCP packet to send, in place.
    public func protectRTCP(_ packet: inout ByteBuffer) throws(SRTPError) {
        try outbound.protectRTCP(&packet)
    }

    /// Unprotects a received SRTP packet, in place.
    public func unprotect(rtp packet: inout ByteBuffer) throws(SRTPError) {
        try inbound.unprotect(rtp: &packet)
    }

    /// Unprotects a received SRTCP packet, in place.
    public func unprotectRTCP(_ packet: inout ByteBuffer) throws(SRTPError) {
        try inbound.unprotectRTCP(&packet)
    }
}
