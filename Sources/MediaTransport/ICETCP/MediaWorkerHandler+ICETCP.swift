extension MediaWorkerHandler {
    /// An ICE-TCP connection of this worker was admitted.
    func connectionOpened(_ connection: ICETCPConnectionHandler) {
        tcpConnections[ObjectIdentifier(connection)] = connection
    }

    /// An ICE-TCP connection of this worker closed.
    func connectionClosed(_ connection: ICETCPConnectionHandler) {
        tcpConnections[ObjectIdentifier(connection)] = nil
    }
}
