import DTLS
import ICELite
import Logging
import MediaTransport
import NIOCore
import NIOPosix
import STUN
import Testing

/// The passive ICE-TCP listener over real sockets on 127.0.0.1: a first
/// check binds the connection to its peer and a nomination selects it; a
/// first frame that is not a check closes the connection; each is counted.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ICETCPListenerTests {
    /// A worker with ICE-TCP on a free port and one server peer, on one loop.
    private static func start() async throws -> (MultiThreadedEventLoopGroup, MediaWorker, NIOLoopBound<PeerProbe>,
        ICECredentials, ICECredentials)
    {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        var logger = Logger(label: "test.icetcp")
        logger.logLevel = .critical
        let iceTCP = ICETCPConfiguration(
            port: 0, firstFrameTimeout: .seconds(2), partialFrameTimeout: .milliseconds(500))
        let settings = ICETCPListenerSettings(
            configuration: iceTCP,
            limiter: ICETCPConnectionLimiter(maxConnections: 4, maxConnectionsPerAddress: 4), port: 0)
        let worker = try await MediaWorker.bind(
            host: "127.0.0.1", port: 0, on: loop,
            dtlsContext: DTLSContext(configuration: DTLSConfiguration(certificate: try DTLSCertificate.generate())),
            configuration: .testing, iceTCP: settings, logger: logger)
        let server = ICECredentials.random()
        let client = ICECredentials.random()
        let fingerprint = try DTLSCertificate.generate(commonName: "test-client").fingerprint
        let probe = try await loop.submit {
            let probe = PeerProbe()
            probe.peer = try worker.makeServerPeer(
                localCredentials: server, remoteCredentials: client, remoteFingerprint: fingerprint,
                delegate: probe)
            return NIOLoopBound(probe, eventLoop: loop)
        }.get()
        return (group, worker, probe, server, client)
    }

    /// Connects to the worker's ICE-TCP port, writes `bytes` and reads
    /// until `enough` says so (then closes) or the server closes.
    private static func exchange(
        _ bytes: ByteBuffer, with worker: MediaWorker, until enough: @escaping @Sendable (ByteBuffer) -> Bool
    ) async throws -> (received: ByteBuffer, closedByServer: Bool, local: SocketAddress?) {
        let address = try #require(worker.tcpLocalAddress)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ClientBootstrap(group: group).connect(to: address) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        let local = channel.channel.localAddress
        let result = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(bytes)
            var received = ByteBuffer()
            for try await var chunk in inbound {
                received.writeBuffer(&chunk)
                if enough(received) { return (received, false) }
            }
            return (received, true)
        }
        try await group.shutdownGracefully()
        return (result.0, result.1, local)
    }

    @Test func aNominatingCheckBindsAndSelectsTheConnection() async throws {
        let (group, worker, probe, server, client) = try await Self.start()
        let check = ICEConnectivityCheck(
            localCredentials: client, remoteCredentials: server, tieBreaker: 7, useCandidate: true)
        let frame = try #require(ICETCPFrameEncoder.frame(check.serialized()))
        let (received, _, local) = try await Self.exchange(frame, with: worker) { received in
            guard let length = received.getInteger(at: received.readerIndex, as: UInt16.self) else { return false }
            return received.readableBytes >= 2 + Int(length)
        }

        var decoder = ICETCPFrameDecoder()
        var bytes = received
        decoder.append(&bytes)
        let reply = try STUNMessage(parsing: try #require(try decoder.nextFrame()))
        #expect(reply.type == .bindingSuccess)
        #expect(reply.transactionID == check.transactionID)
        #expect(reply.xorMappedAddress == local.flatMap { STUNAddress($0) })
        // Selected (the handshake waits for the ClientHello); the client has
        // closed since, so the path is gone and nothing is sent anywhere.
        var snapshot: (PeerTransport.State?, SocketAddress?, ICETCPCounters)
        var attempts = 0
        repeat {
            // The server sees the client's close a moment later.
            try await Task.sleep(nanoseconds: 20_000_000)
            snapshot = try await worker.eventLoop.submit {
                (probe.value.peer?.state, probe.value.peer?.remoteAddress, worker.iceTCPCounters)
            }.get()
            attempts += 1
        } while snapshot.1 != nil && attempts < 500  // up to 10 s: the test suite runs in parallel
        let (state, remoteAddress, counters) = snapshot
        #expect(state == .handshaking)
        #expect(remoteAddress == nil)
        #expect(counters.connectionsBound == 1)
        #expect(counters.packetsReceived == 1 && counters.packetsSent == 1)
        try await worker.close()
        try await group.shutdownGracefully()
    }

    @Test func aFirstFrameThatIsNotACheckClosesTheConnection() async throws {
        let (group, worker, _, _, _) = try await Self.start()
        var garbage = ByteBuffer(bytes: [0x00, 0x00, 0x00, 0x00])  // two zero-length frames
        garbage.writeBytes([0x00, 0x04, 0x80, 0x60, 0x00, 0x01])   // then an RTP-looking frame
        let (received, closed, _) = try await Self.exchange(garbage, with: worker) { _ in false }
        #expect(closed)
        #expect(received.readableBytes == 0)
        let counters = try await worker.eventLoop.submit { worker.iceTCPCounters }.get()
        #expect(counters.framingZeroLength == 2)
        #expect(counters.framingNotSTUNFirst == 1)
        #expect(counters.connectionsBound == 0)
        try await worker.close()
        try await group.shutdownGracefully()
    }
}
