import ICELite

extension PeerTransport {
    /// An ICE restart (RFC 8445 §9; WHIP/WHEP's PATCH, RFC 9725 §4.4.1):
    /// both sides' credentials change; DTLS and SRTP carry on, and media
    /// keeps its address until the peer nominates again. Only a server
    /// (lite) peer restarts; false when closed or a client.
    @discardableResult
    public func restartICE(localCredentials: ICECredentials, remoteCredentials: ICECredentials) -> Bool {
        guard !isClosed, case .lite(var agent) = ice else { return false }
        let oldUfrag = self.localCredentials.ufrag
        agent.restart(localCredentials: localCredentials, remoteCredentials: remoteCredentials)
        ice = .lite(agent)
        self.localCredentials = localCredentials
        logger[metadataKey: "ice-ufrag"] = "\(localCredentials.ufrag)"
        host.peer(self, changedUfrag: oldUfrag)
        return true
    }
}
