import NIOCore

/// The pair of SRTP sessions for one peer after DTLS-SRTP: outbound
/// (protect what this endpoint sends) and inbound (unprotect what it
/// receives). Not `Sendable`: confined to the peer's event loop.
public struct SRTPContext {
    /// The negotiated protection profile.
    public let profile: SRTPProfile
    /// Protects RTP and RTCP sent to the peer, with the local master key.
    public let outbound: SRTPSession
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
    public func protect(rtp packet: inout ByteBuffer) throws(SRTPError) {
        try outbound.protect(rtp: &packet)
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
