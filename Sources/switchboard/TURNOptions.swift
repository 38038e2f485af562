import ArgumentParser
import SignalingServer

/// `serve`'s flags for the embedded TURN server (`turn:` in the config)
/// and for ICE-TCP (`ice_tcp:`), the other way past a UDP-blocking network.
struct TURNOptions: ParsableArguments {
    @Flag(name: .customLong("no-turn"), help: "Run no TURN server (plain STUN on the STUN port).")
    var noTURN = false
    @Option(name: .customLong("turn-tcp-port"), help: "TURN over TCP port (0 disables).") var tcpPort: Int?
    @Option(name: .customLong("turn-tls-port"), help: "TURN over TLS port (0 disables).") var tlsPort: Int?
    @Option(name: .customLong("turn-relay-ip"), help: "Address TURN relays bind to and announce.")
    var relayIP: String?
    @Option(name: .customLong("turn-relay-ports"), help: "UDP ports for TURN relays, MIN-MAX.")
    var relayPorts: String?
    @Option(name: .customLong("turn-secret"), help: "Shared secret of the TURN credentials.") var secret: String?
    @Flag(name: .customLong("turn-allow-loopback-peers"), help: "Let TURN relay to loopback peers (tests).")
    var allowLoopbackPeers = false
    @Flag(name: .customLong("turn-allow-any-peer"), help: "Let TURN relay to any peer, not only this server's media.")
    var allowAnyPeer = false

    @Flag(name: .customLong("no-ice-tcp"), help: "Listen for no ICE-TCP (no TCP candidate in the SDP).")
    var noICETCP = false
    @Option(name: .customLong("ice-tcp-port"), help: "ICE-TCP port of worker 0 (0: each worker's UDP port number).")
    var iceTCPPort: Int?

    func apply(to configuration: inout ServerConfiguration) throws {
        if noICETCP { configuration.iceTCP.enabled = false }
        if let iceTCPPort { configuration.iceTCP.port = iceTCPPort }
        if noTURN { configuration.turn.enabled = false }
        if let tcpPort { configuration.turn.tcpPort = tcpPort }
        if let tlsPort { configuration.turn.tlsPort = tlsPort }
        if let relayIP { configuration.turn.relayIP = relayIP }
        if let secret { configuration.turn.secret = secret }
        if allowLoopbackPeers { configuration.turn.allowLoopbackPeers = true }
        if allowAnyPeer { configuration.turn.allowAnyPeer = true }
        if let relayPorts {
            let bounds = relayPorts.split(separator: "-").compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1], bounds[1] <= 65_535 else {
                throw ValidationError("--turn-relay-ports must be MIN-MAX, e.g. 40000-40999")
            }
            configuration.turn.relayPortMin = bounds[0]
            configuration.turn.relayPortMax = bounds[1]
        }
    }
}
