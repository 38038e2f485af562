import DTLS
import DataChannel
import ICELite
import Logging
import MediaTransport
import NIOCore
import NIOPosix
import Testing

/// Two media workers on 127.0.0.1 on one event loop: a server (ICE-lite,
/// DTLS server) and a client (controlling ICE, DTLS client), built from the
/// same pieces, each with its own certificate.
final class TransportHarness: Sendable {
    let group: MultiThreadedEventLoopGroup
    let loop: any EventLoop
    let server: MediaWorker
    let client: MediaWorker
    let serverCertificate: DTLSCertificate
    let clientCertificate: DTLSCertificate

    private init(
        group: MultiThreadedEventLoopGroup, server: MediaWorker, client: MediaWorker,
        serverCertificate: DTLSCertificate, clientCertificate: DTLSCertificate
    ) {
        self.group = group
        self.loop = server.eventLoop
        self.server = server
        self.client = client
        self.serverCertificate = serverCertificate
        self.clientCertificate = clientCertificate
    }

    static func start(configuration: MediaTransportConfiguration = .testing) async throws -> TransportHarness {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let serverCertificate = try DTLSCertificate.generate()
        let clientCertificate = try DTLSCertificate.generate(commonName: "test-client")
        var logger = Logger(label: "test.media")
        logger.logLevel = .critical
        let server = try await MediaWorker.bind(
            host: "127.0.0.1", port: 0, on: loop,
            dtlsContext: DTLSContext(configuration: DTLSConfiguration(certificate: serverCertificate)),
            configuration: configuration, logger: logger)
        let client = try await MediaWorker.bind(
            host: "127.0.0.1", port: 0, on: loop,
            dtlsContext: DTLSContext(configuration: DTLSConfiguration(certificate: clientCertificate)),
            configuration: configuration, logger: logger)
        return TransportHarness(
            group: group, server: server, client: client, serverCertificate: serverCertificate,
            clientCertificate: clientCertificate)
    }

    /// A server peer and a client peer that know each other's credentials
    /// and fingerprints (as signaling would tell them). The client sends to
    /// `via` when given (a relay), else straight to the server.
    func connect(
        via relay: SocketAddress? = nil, clientExpectsFingerprint: DTLSFingerprint? = nil,
        serverExpectsFingerprint: DTLSFingerprint? = nil, clientIsDTLSServer: Bool = false
    ) async throws -> (server: NIOLoopBound<PeerProbe>, client: NIOLoopBound<PeerProbe>) {
        let serverFingerprint = clientExpectsFingerprint ?? serverCertificate.fingerprint
        let clientFingerprint = serverExpectsFingerprint ?? clientCertificate.fingerprint
        let serverAddress = relay ?? server.localAddress
        return try await loop.submit { [server, client, loop] in
            let serverCredentials = ICECredentials.random()
            let clientCredentials = ICECredentials.random()
            let serverProbe = PeerProbe()
            let clientProbe = PeerProbe()
            serverProbe.peer = try server.makeServerPeer(
                localCredentials: serverCredentials, remoteCredentials: clientCredentials,
                remoteFingerprint: clientFingerprint, dtlsRole: clientIsDTLSServer ? .client : .server,
                delegate: serverProbe)
            clientProbe.peer = try client.makeClientPeer(
                remote: serverAddress, localCredentials: clientCredentials, remoteCredentials: serverCredentials,
                remoteFingerprint: serverFingerprint, dtlsRole: clientIsDTLSServer ? .server : .client,
                delegate: clientProbe)
            return (NIOLoopBound(serverProbe, eventLoop: loop), NIOLoopBound(clientProbe, eventLoop: loop))
        }.get()
    }

    /// Runs `body` on the loop and returns its result.
    func onLoop<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await loop.submit(body).get()
    }

    /// Polls `condition` on the loop every 5 ms until it holds or `timeout`
    /// passes; returns whether it held.
    func eventually(timeout: Duration = .seconds(5), _ condition: @escaping @Sendable () -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if try await onLoop(condition) { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return try await onLoop(condition)
    }

    func shutdown() async throws {
        try await server.close()
        try await client.close()
        try await group.shutdownGracefully()
    }
}

/// Records what a peer transport reports; optionally echoes RTP and RTCP
/// back to the sender (the server side in the exchange tests).
final class PeerProbe: PeerTransportDelegate {
    var peer: PeerTransport?
    var connected = false
    var receivedRTP: [ByteBuffer] = []
    var receivedRTCP: [ByteBuffer] = []
    var closeReason: PeerCloseReason?
    var echo = false
    var dataChannelEvents: [DataChannelAction] = []

    func peerTransportDidConnect(_ peer: PeerTransport) {
        connected = true
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTP packet: ByteBuffer) {
        receivedRTP.append(packet)
        if echo {
            var copy = ByteBuffer(bytes: Array(packet.readableBytesView))
            peer.sendRTP(&copy)
        }
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTCP packet: ByteBuffer) {
        receivedRTCP.append(packet)
        if echo {
            var copy = ByteBuffer(bytes: Array(packet.readableBytesView))
            peer.sendRTCP(&copy)
        }
    }

    func peerTransport(_ peer: PeerTransport, didCloseWith reason: PeerCloseReason) {
        closeReason = reason
    }

    func peerTransport(_ peer: PeerTransport, dataChannel event: DataChannelAction) {
        dataChannelEvents.append(event)
    }
}

extension MediaTransportConfiguration {
    /// Short timers so loss and silence tests finish quickly.
    static var testing: MediaTransportConfiguration {
        MediaTransportConfiguration(
            consentTimeout: .seconds(2), dtlsInitialRetransmissionTimeout: .milliseconds(100),
            dtlsHandshakeTimeout: .seconds(5))
    }
}

/// A plain RTP packet: version 2, payload type 96, and `size` payload bytes
/// derived from the sequence number.
func rtpPacket(sequence: UInt16, ssrc: UInt32 = 0x1234_5678, size: Int = 200) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeInteger(UInt8(0x80))
    buffer.writeInteger(UInt8(96))
    buffer.writeInteger(sequence)
    buffer.writeInteger(UInt32(sequence) &* 3_000)
    buffer.writeInteger(ssrc)
    buffer.writeRepeatingByte(UInt8(truncatingIfNeeded: sequence), count: size)
    return buffer
}

/// An RTCP receiver report without report blocks.
func rtcpReceiverReport(ssrc: UInt32 = 0x1234_5678) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeInteger(UInt8(0x80))
    buffer.writeInteger(UInt8(201))
    buffer.writeInteger(UInt16(1))
    buffer.writeInteger(ssrc)
    return buffer
}
