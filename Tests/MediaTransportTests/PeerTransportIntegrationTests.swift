import DTLS
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// A server and a client built from the same pieces do ICE, DTLS and SRTP
/// over real UDP sockets on 127.0.0.1.
@Suite(.serialized) struct PeerTransportIntegrationTests {
    @Test func connectsAndExchangesRTPAndRTCPBothWays() async throws {
        let harness = try await TransportHarness.start()
        let started = ContinuousClock.now
        let (server, client) = try await harness.connect()
        try await harness.onLoop { server.value.echo = true }
        #expect(try await harness.eventually { server.value.connected && client.value.connected })
        let setup = ContinuousClock.now - started
        try await harness.onLoop {
            // The client's address was proven before its DTLS began: the
            // probe goes out ahead of the check's reply, so no ClientHello
            // arrived from an unrouted address.
            #expect(harness.server.counters.droppedUnroutedDatagram == 0)
            #expect(harness.server.counters.iceAddressesValidated >= 1)
        }

        // 20 RTP packets and an RTCP report from the client; the server
        // decrypts each and echoes it, and the client decrypts the echoes.
        try await harness.onLoop {
            for sequence in 0..<20 {
                var packet = rtpPacket(sequence: UInt16(sequence))
                client.value.peer!.sendRTP(&packet)
            }
            var report = rtcpReceiverReport()
            client.value.peer!.sendRTCP(&report)
        }
        #expect(try await harness.eventually { client.value.receivedRTP.count == 20 && client.value.receivedRTCP.count == 1 })
        try await harness.onLoop {
            #expect(server.value.receivedRTP.map { Array($0.readableBytesView) } == (0..<20).map {
                Array(rtpPacket(sequence: UInt16($0)).readableBytesView)
            })
            #expect(client.value.receivedRTP.map { Array($0.readableBytesView) } == server.value.receivedRTP.map {
                Array($0.readableBytesView)
            })
            #expect(server.value.receivedRTCP.first.map { Array($0.readableBytesView) } == Array(rtcpReceiverReport().readableBytesView))
            // Browsers offer both; GCM is preferred.
            #expect(server.value.peer?.srtpProfile == .aeadAES128GCM)
        }
        print("ICE + DTLS + SRTP setup on loopback: \(setup)")
        try await harness.shutdown()
    }

    /// A client that answered `setup:passive` is the DTLS server: the lite
    /// side sends the ClientHello once ICE selected a path, and media flows.
    @Test func theServerIsTheDTLSClientWhenTheClientChoseSetupPassive() async throws {
        let harness = try await TransportHarness.start()
        let (server, client) = try await harness.connect(clientIsDTLSServer: true)
        try await harness.onLoop { server.value.echo = true }
        #expect(try await harness.eventually { server.value.connected && client.value.connected })
        try await harness.onLoop {
            var packet = rtpPacket(sequence: 7)
            #expect(client.value.peer!.sendRTP(&packet))
        }
        #expect(try await harness.eventually { client.value.receivedRTP.count == 1 })
        try await harness.shutdown()
    }

    @Test func everyResourceIsReleasedOnClose() async throws {
        let harness = try await TransportHarness.start()
        let (server, client) = try await harness.connect()
        #expect(try await harness.eventually { server.value.connected && client.value.connected })
        #expect(try await harness.onLoop { harness.server.peerCount == 1 && harness.server.routedAddressCount == 1 })
        try await harness.onLoop { client.value.peer!.close() }
        // The client's close_notify closes the server side too.
        #expect(try await harness.eventually { server.value.closeReason == .closedByRemote })
        try await harness.onLoop {
            #expect(client.value.closeReason == .closedByOwner)
            #expect(harness.server.peerCount == 0)
            #expect(harness.server.routedAddressCount == 0)
            #expect(harness.client.peerCount == 0)
            #expect(harness.server.counters.peersClosedByRemote == 1)
            var packet = rtpPacket(sequence: 1)
            #expect(server.value.peer!.sendRTP(&packet) == false, "a closed transport sends nothing")
        }
        try await harness.shutdown()
    }

    @Test func lostFirstDTLSFlightIsRetransmitted() async throws {
        let harness = try await TransportHarness.start()
        // Drop the client's first DTLS datagram (the ClientHello).
        let droppedHello = NIOLockedValueBox(false)
        let relay = try await UDPRelay.start(on: harness.loop, server: harness.server.localAddress) { direction, datagram in
            guard direction == .toServer, let first = datagram.getInteger(at: datagram.readerIndex, as: UInt8.self),
                (20...63).contains(first)
            else { return false }
            return droppedHello.withLockedValue { dropped in
                defer { dropped = true }
                return !dropped
            }
        }
        let (server, client) = try await harness.connect(via: relay.address)
        #expect(try await harness.eventually { server.value.connected && client.value.connected })
        #expect(droppedHello.withLockedValue { $0 })
        #expect(try await relay.dropped() == 1)
        try await harness.onLoop {
            var packet = rtpPacket(sequence: 7)
            client.value.peer!.sendRTP(&packet)
        }
        #expect(try await harness.eventually { server.value.receivedRTP.count == 1 })
        try await relay.close()
        try await harness.shutdown()
    }

    @Test func wrongFingerprintIsRefused() async throws {
        let harness = try await TransportHarness.start()
        let stranger = try DTLSCertificate.generate(commonName: "stranger")
        let (server, client) = try await harness.connect(serverExpectsFingerprint: stranger.fingerprint)
        #expect(try await harness.eventually { server.value.closeReason != nil })
        try await harness.onLoop {
            guard case .dtlsFailed(let reason) = server.value.closeReason else {
                Issue.record("server closed for \(String(describing: server.value.closeReason))")
                return
            }
            #expect(reason.contains("ingerprint") || reason.contains("certificate"), "reason: \(reason)")
            #expect(server.value.connected == false)
            #expect(harness.server.peerCount == 0)
            #expect(harness.server.counters.peersClosedDTLSFailure == 1)
        }
        // The client is told by the alert; it never connects either.
        #expect(try await harness.eventually { client.value.closeReason != nil })
        #expect(try await harness.onLoop { client.value.connected } == false)
        try await harness.shutdown()
    }

    @Test func silentPeerIsReapedAfterConsentTimeout() async throws {
        let harness = try await TransportHarness.start()
        let relay = try await UDPRelay.start(on: harness.loop, server: harness.server.localAddress) { _, _ in false }
        let (server, client) = try await harness.connect(via: relay.address)
        #expect(try await harness.eventually { server.value.connected && client.value.connected })
        let silentSince = ContinuousClock.now
        try await relay.blackhole()
        // Consent timeout is 2 s in the test configuration.
        #expect(try await harness.eventually(timeout: .seconds(6)) { server.value.closeReason != nil })
        let reaped = ContinuousClock.now - silentSince
        #expect(reaped >= .milliseconds(1_500), "consent held for \(reaped)")
        try await harness.onLoop {
            #expect(server.value.closeReason == .consentExpired)
            #expect(harness.server.peerCount == 0)
            #expect(harness.server.routedAddressCount == 0)
            #expect(harness.server.counters.peersClosedConsent == 1)
        }
        try await relay.close()
        try await harness.shutdown()
    }
}
