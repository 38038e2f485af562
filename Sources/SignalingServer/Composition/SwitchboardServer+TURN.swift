import DTLS
import Foundation
import ICELite
import MediaTransport
import NIOCore
import NIOPosix
import STUN
import TURN

extension SwitchboardServer {
    /// Whether the TURN server runs: it shares the STUN port.
    var turnEnabled: Bool { configuration.turn.enabled && configuration.stun.port > 0 }

    /// The credentials' shared secret: configured, or random for this run.
    func makeTURNSecret() -> [UInt8] {
        let configured = configuration.turn.secret
        guard configured.isEmpty else { return Array(configured.utf8) }
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The TURN server on the STUN port (replacing the plain STUN endpoint,
    /// whose answers it keeps), TCP and TLS, relaying by default only to
    /// the workers' announced media addresses.
    func startTURN(
        on group: MultiThreadedEventLoopGroup, workers: MediaWorkerGroup, secret: [UInt8]
    ) async throws -> TURNEndpoint {
        let turn = configuration.turn
        var media: Set<STUNAddress> = []
        for (index, worker) in workers.workers.enumerated() {
            let bound = worker.localAddress.port ?? 0
            let port = configuration.announcedMediaPort(workerIndex: index, boundPort: bound)
            if let address = try? SocketAddress(ipAddress: configuration.announcedAddress, port: port),
                let peer = STUNAddress(address)
            {
                media.insert(peer)
            }
            // Behind a 1:1 NAT the relay may reach the worker by its own address.
            if let address = try? SocketAddress(ipAddress: configuration.server.bind, port: bound),
                let peer = STUNAddress(address)
            {
                media.insert(peer)
            }
        }
        let engine = TURNServer.Configuration(
            realm: turn.realm, secret: secret,
            maxAllocationsPerParticipant: turn.maxAllocationsPerParticipant, maxAllocations: turn.maxAllocations,
            bandwidthBytesPerSecond: turn.bytesPerSecondPerAllocation > 0 ? turn.bytesPerSecondPerAllocation : nil,
            peerPolicy: TURNPeerPolicy(
                allowedPeers: media, allowAnyPeer: turn.allowAnyPeer, allowLoopback: turn.allowLoopbackPeers))
        let (certificatePEM, keyPEM) = try turnTLSIdentity()
        let rate = configuration.stun.requestsPerSecondPerSource
        let endpoint = TURNEndpointConfiguration(
            host: configuration.server.bind, udpPort: configuration.stun.port, tcpPort: turn.tcpPort,
            tlsPort: turn.tlsPort, tlsCertificatePEM: certificatePEM, tlsPrivateKeyPEM: keyPEM,
            relayHost: turn.relayIP.isEmpty ? configuration.announcedAddress : turn.relayIP,
            relayBindHost: turn.relayIP.isEmpty ? configuration.server.bind : turn.relayIP,
            relayPorts: UInt16(turn.relayPortMin)...UInt16(turn.relayPortMax), server: engine,
            binding: .init(requestsPerSecond: rate, burst: rate * 2),
            maxStreamConnections: turn.maxAllocations * 2, socketBufferBytes: configuration.media.socketBufferBytes)
        let bound = try await TURNEndpoint.bind(configuration: endpoint, on: group.next(), logger: logger)
        logger.info(
            "TURN listening",
            metadata: [
                "udp": "\(bound.udpAddress)", "tcp": "\(bound.tcpAddress.map { "\($0)" } ?? "off")",
                "tls": "\(bound.tlsAddress.map { "\($0)" } ?? "off")", "relay": "\(endpoint.relayHost)",
            ])
        return bound
    }

    /// The TLS certificate and key (PEM): the configured files, or a
    /// self-signed certificate made now.
    private func turnTLSIdentity() throws -> (String, String) {
        let turn = configuration.turn
        guard turn.tlsPort > 0 else { return ("", "") }
        if !turn.tlsCertificate.isEmpty {
            do {
                return (
                    try String(contentsOfFile: turn.tlsCertificate, encoding: .utf8),
                    try String(contentsOfFile: turn.tlsPrivateKey, encoding: .utf8)
                )
            } catch {
                throw ConfigurationError(description: "turn.tls_certificate/tls_private_key: \(error.localizedDescription)")
            }
        }
        let generated = try DTLSCertificate.generate()
        return (generated.certificatePEM, generated.privateKeyPEM)
    }
}
