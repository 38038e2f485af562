import DTLS
import NIOCore

/// Shared identities: generating a P-256 certificate is cheap, but every
/// test needing a fresh one would only repeat the same work.
enum DTLSTestFixtures {
    static let clientCertificate = try! DTLSCertificate.generate(commonName: "client")
    static let serverCertificate = try! DTLSCertificate.generate(commonName: "server")
    static let clientContext = try! DTLSContext(configuration: DTLSConfiguration(certificate: clientCertificate))
    static let serverContext = try! DTLSContext(configuration: DTLSConfiguration(certificate: serverCertificate))
    /// A client that offers only AES-CM (like a peer without GCM).
    static let cmOnlyClientContext = try! DTLSContext(
        configuration: DTLSConfiguration(certificate: clientCertificate, srtpProfiles: [.aes128CMHMACSHA1_80])
    )
    /// A well-formed fingerprint of no certificate in use.
    static let wrongFingerprint = DTLSFingerprint(algorithm: .sha256, bytes: [UInt8](repeating: 0xAB, count: 32))
}

/// Two endpoints and the datagrams between them, moved by hand on a manual
/// clock. A filter can drop datagrams to model loss.
final class DTLSTestPeers {
    enum Side { case client, server }

    let client: DTLSEndpoint
    let server: DTLSEndpoint
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    /// Every datagram each side emitted, dropped or not.
    var sentByClient: [ByteBuffer] = []
    var sentByServer: [ByteBuffer] = []
    /// Non-send actions each side reported.
    var clientEvents: [DTLSAction] = []
    var serverEvents: [DTLSAction] = []
    /// Datagrams waiting to be delivered.
    var toServer: [ByteBuffer] = []
    var toClient: [ByteBuffer] = []
    /// Returns true to drop the n-th (0-based) datagram a side sends.
    var drop: (Side, Int, ByteBuffer) -> Bool = { _, _, _ in false }
    /// Free for a test's drop rule to flip.
    var retransmitted = false

    init(
        clientContext: DTLSContext = DTLSTestFixtures.clientContext,
        serverContext: DTLSContext = DTLSTestFixtures.serverContext,
        clientExpects: DTLSFingerprint = DTLSTestFixtures.serverCertificate.fingerprint,
        serverExpects: DTLSFingerprint = DTLSTestFixtures.clientCertificate.fingerprint,
        mtu: Int = 1200,
        initialTimeout: TimeAmount = .seconds(1)
    ) throws {
        client = try DTLSEndpoint(
            context: clientContext, role: .client, remoteFingerprint: clientExpects,
            mtu: mtu, initialRetransmissionTimeout: initialTimeout
        )
        server = try DTLSEndpoint(
            context: serverContext, role: .server, remoteFingerprint: serverExpects,
            mtu: mtu, initialRetransmissionTimeout: initialTimeout
        )
    }

    /// Files a side's actions: datagrams into flight (unless dropped), the
    /// rest into its event list.
    func absorb(_ actions: [DTLSAction], from side: Side) {
        for action in actions {
            guard case .send(let datagram) = action else {
                if side == .client { clientEvents.append(action) } else { serverEvents.append(action) }
                continue
            }
            switch side {
            case .client:
                sentByClient.append(datagram)
                if !drop(.client, sentByClient.count - 1, datagram) { toServer.append(datagram) }
            case .server:
                sentByServer.append(datagram)
                if !drop(.server, sentByServer.count - 1, datagram) { toClient.append(datagram) }
            }
        }
    }

    func start() {
        absorb(server.start(now: now), from: .server)
        absorb(client.start(now: now), from: .client)
    }

    /// Delivers everything in flight, both ways, until nothing is left.
    func pump() {
        var rounds = 0
        while !(toServer.isEmpty && toClient.isEmpty) && rounds < 100 {
            rounds += 1
            let forServer = toServer
            toServer.removeAll()
            for datagram in forServer { absorb(server.receive(datagram: datagram, now: now), from: .server) }
            let forClient = toClient
            toClient.removeAll()
            for datagram in forClient { absorb(client.receive(datagram: datagram, now: now), from: .client) }
        }
    }

    /// Starts and pumps to the end.
    func handshake() {
        start()
        pump()
    }

    /// Lets both retransmission timers expire: OpenSSL checks expiry on its
    /// own clock, so real time must pass too, then the manual clock moves to
    /// the later deadline and both endpoints handle it.
    func expireTimers() async throws {
        let deadlines = [client.nextTimeout, server.nextTimeout].compactMap { $0 }
        guard let latest = deadlines.max() else { return }
        let wait = latest - now
        try await Task.sleep(for: .nanoseconds(max(wait.nanoseconds, 0) + 5_000_000))
        now = latest
        absorb(client.handleTimeout(now: now), from: .client)
        absorb(server.handleTimeout(now: now), from: .server)
    }

    static func connectedInfo(_ events: [DTLSAction]) -> DTLSConnectedInfo? {
        for case .connected(let info) in events { return info }
        return nil
    }

    static func failure(_ events: [DTLSAction]) -> DTLSError? {
        for case .failed(let error) in events { return error }
        return nil
    }

    static func applicationData(_ events: [DTLSAction]) -> [[UInt8]] {
        events.compactMap { action in
            guard case .applicationData(let buffer) = action else { return nil }
            return Array(buffer.readableBytesView)
        }
    }
}
