import NIOCore

/// How a peer's packets travel: datagrams to a UDP address on the worker's
/// socket, or frames on one ICE-TCP connection the worker accepted
/// (RFC 6544). A peer sends on the path ICE selected, whichever it is.
public enum MediaPath {
    case udp(SocketAddress)
    case tcp(ICETCPConnectionHandler)

    /// The remote end: the UDP source, or the TCP connection's peer.
    public var remoteAddress: SocketAddress? {
        switch self {
        case .udp(let address): address
        case .tcp(let connection): connection.remoteAddress
        }
    }

    /// Whether this is a stream (ICE-TCP): its remote end proved it
    /// receives by completing the TCP handshake.
    var isStream: Bool {
        if case .tcp = self { return true }
        return false
    }
}

extension PeerTransport {
    /// Sends a datagram (STUN, DTLS, SRTP) on `path`: to a UDP address
    /// through the worker's socket, or framed on a TCP connection.
    func send(_ datagram: ByteBuffer, on path: MediaPath) {
        switch path {
        case .udp(let address): host.send(datagram, to: address)
        case .tcp(let connection): connection.send(datagram)
        }
    }

    /// Whether `connection` carries this peer (proven or selected).
    func isCarried(by connection: ICETCPConnectionHandler) -> Bool {
        for case .tcp(let carrier) in [remotePath, lastCheckedPath] where carrier === connection { return true }
        return false
    }

    /// An ICE-TCP connection of this peer closed: nothing goes there any
    /// more. Media resumes once the peer nominates another path; until then
    /// consent (RFC 7675) runs out as for a silent UDP address.
    func connectionDidClose(_ connection: ICETCPConnectionHandler) {
        if case .tcp(let selected) = remotePath, selected === connection { remotePath = nil }
        if case .tcp(let checked) = lastCheckedPath, checked === connection { lastCheckedPath = nil }
    }
}
