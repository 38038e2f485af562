import DTLS
import ICELite
import Logging
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import STUN
import Testing

/// Two participants on one server worker over loopback. B knows its own
/// ICE password, so it can sign nominations with A's address as source:
/// neither A's route nor B's media path moves.
@Suite(.serialized) struct RouteHijackTests {
    @Test func anotherPeersCheckFromAsAddressDoesNotStealItsRoute() async throws {
        let harness = try await TransportHarness.start()
        // A sits behind a relay, so the test can send from A's address.
        let requestsToA = NIOLockedValueBox<[ByteBuffer]>([])
        let relay = try await UDPRelay.start(on: harness.loop, server: harness.server.localAddress) { direction, datagram in
            if direction == .toClient, let message = try? STUNMessage(parsing: datagram), message.type == .bindingRequest {
                requestsToA.withLockedValue { $0.append(datagram) }
            }
            return false
        }
        let (serverA, clientA) = try await harness.connect(via: relay.address)
        let b = try await PeerB.connect(harness)
        #expect(try await harness.eventually {
            serverA.value.connected && clientA.value.connected && b.server.value.connected && b.client.value.connected
        })

        // B's nominations, signed with B's own credentials, from A's address.
        let spoofs = (0..<3).map { _ in
            ICEConnectivityCheck(
                localCredentials: b.clientCredentials, remoteCredentials: b.serverCredentials, tieBreaker: 7,
                useCandidate: true
            ).serialized()
        }
        try await relay.injectToServer(spoofs)
        #expect(try await harness.eventually { harness.server.counters.iceNominationsDeferred >= 3 })
        // The server probed A's address; A's client knows nothing of B's
        // credentials and drops the probe. Give a wrong answer time to come.
        try await Task.sleep(for: .milliseconds(300))
        let probe = try #require(requestsToA.withLockedValue { $0 }.compactMap { try? STUNMessage(parsing: $0) }.first {
            $0.username == "\(b.clientCredentials.ufrag):\(b.serverCredentials.ufrag)"
        })
        try await harness.onLoop {
            #expect(b.server.value.peer?.remoteAddress == b.worker.localAddress)
            #expect(serverA.value.peer?.remoteAddress == relay.address)
            #expect(harness.server.counters.routeTakeoversRefused == 0)
            #expect(harness.server.routedAddressCount == 2)
        }
        try await expectMediaFlows(harness, a: (serverA, clientA), b: b, from: 0)

        // Someone on A's path answers B's probe with B's keys: that proves
        // the address, so B's media may go there, but A keeps its route.
        let answerer = ICEControllingAgent(
            localCredentials: b.clientCredentials, remoteCredentials: b.serverCredentials, now: .now())
        let answer = try #require(answerer.answer(probe, from: harness.server.localAddress))
        try await relay.injectToServer([answer])
        #expect(try await harness.eventually { harness.server.counters.routeTakeoversRefused == 1 })
        try await harness.onLoop {
            #expect(serverA.value.peer?.remoteAddress == relay.address)
            #expect(harness.server.routedAddressCount == 2)
        }
        try await harness.onLoop {
            var packet = rtpPacket(sequence: 100)
            clientA.value.peer!.sendRTP(&packet)
        }
        #expect(try await harness.eventually { serverA.value.receivedRTP.count == 6 })
        try await harness.onLoop { #expect(b.server.value.receivedRTP.count == 5, "A's packet did not reach B") }

        try await b.worker.close()
        try await relay.close()
        try await harness.shutdown()
    }

    /// Five RTP packets from each client reach its own server peer only.
    private func expectMediaFlows(
        _ harness: TransportHarness, a: (server: NIOLoopBound<PeerProbe>, client: NIOLoopBound<PeerProbe>), b: PeerB,
        from first: Int
    ) async throws {
        try await harness.onLoop {
            for sequence in first..<first + 5 {
                var packetA = rtpPacket(sequence: UInt16(sequence), ssrc: 0xA)
                a.client.value.peer!.sendRTP(&packetA)
                var packetB = rtpPacket(sequence: UInt16(sequence), ssrc: 0xB)
                b.client.value.peer!.sendRTP(&packetB)
            }
        }
        #expect(try await harness.eventually {
            a.server.value.receivedRTP.count == 5 && b.server.value.receivedRTP.count == 5
        })
        try await harness.onLoop {
            #expect(a.server.value.receivedRTP.allSatisfy { $0.getInteger(at: $0.readerIndex + 8, as: UInt32.self) == 0xA })
            #expect(b.server.value.receivedRTP.allSatisfy { $0.getInteger(at: $0.readerIndex + 8, as: UInt32.self) == 0xB })
        }
    }
}

/// The second participant: a server peer on the harness's server worker
/// and a client peer on a socket of its own.
private struct PeerB: Sendable {
    let worker: MediaWorker
    let server: NIOLoopBound<PeerProbe>
    let client: NIOLoopBound<PeerProbe>
    let serverCredentials: ICECredentials
    let clientCredentials: ICECredentials

    static func connect(_ harness: TransportHarness) async throws -> PeerB {
        var logger = Logger(label: "test.media.b")
        logger.logLevel = .critical
        let worker = try await MediaWorker.bind(
            host: "127.0.0.1", port: 0, on: harness.loop,
            dtlsContext: DTLSContext(configuration: DTLSConfiguration(certificate: harness.clientCertificate)),
            configuration: .testing, logger: logger)
        let serverCredentials = ICECredentials.random()
        let clientCredentials = ICECredentials.random()
        let (server, client) = try await harness.onLoop { [harness] in
            let serverProbe = PeerProbe()
            let clientProbe = PeerProbe()
            serverProbe.peer = try harness.server.makeServerPeer(
                localCredentials: serverCredentials, remoteCredentials: clientCredentials,
                remoteFingerprint: harness.clientCertificate.fingerprint, delegate: serverProbe)
            clientProbe.peer = try worker.makeClientPeer(
                remote: harness.server.localAddress, localCredentials: clientCredentials,
                remoteCredentials: serverCredentials, remoteFingerprint: harness.serverCertificate.fingerprint,
                delegate: clientProbe)
            return (NIOLoopBound(serverProbe, eventLoop: harness.loop), NIOLoopBound(clientProbe, eventLoop: harness.loop))
        }
        return PeerB(
            worker: worker, server: server, client: client, serverCredentials: serverCredentials,
            clientCredentials: clientCredentials)
    }
}
