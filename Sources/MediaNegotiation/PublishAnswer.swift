import SDP

/// The server's answer to a publish offer and what it accepted.
public struct PublishAnswer: Sendable, Hashable {
    /// The answer to send back (`published.sdp`).
    public var description: SessionDescription
    /// One entry per audio/video m-line of the offer, in m-line order;
    /// `isActive` is false for m-lines rejected, inactive or not sending.
    public var media: [PublishedMedia]
    /// The client's ICE credentials, fingerprint and DTLS role.
    public var remoteTransport: RemoteTransportParameters
    /// The server's DTLS role: `passive` unless the client insisted on `passive`.
    public var localSetupRole: SetupRole
    /// The accepted data channel m-line, if the offer had one.
    public var dataChannel: NegotiatedDataChannel?

    public init(
        description: SessionDescription, media: [PublishedMedia], remoteTransport: RemoteTransportParameters,
        localSetupRole: SetupRole, dataChannel: NegotiatedDataChannel? = nil
    ) {
        self.description = description
        self.media = media
        self.remoteTransport = remoteTransport
        self.localSetupRole = localSetupRole
        self.dataChannel = dataChannel
    }

    /// The entry for `mid`.
    public func media(withMID mid: String) -> PublishedMedia? {
        media.first { $0.mid == mid }
    }
}
