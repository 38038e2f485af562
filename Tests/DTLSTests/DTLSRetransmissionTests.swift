import DTLS
import NIOCore
import Testing

/// Loss of handshake flights. OpenSSL 3.0 checks timer expiry against its own
/// clock, so these tests use a 50 ms initial timeout and really wait for it.
@Suite struct DTLSRetransmissionTests {
    /// DTLS record header (13 bytes, RFC 6347 §4.1), then the handshake
    /// message type (RFC 6347 §4.2.2).
    static func handshakeType(_ datagram: ByteBuffer) -> UInt8? {
        guard datagram.getInteger(at: 0, as: UInt8.self) == 22 else { return nil }
        return datagram.getInteger(at: 13, as: UInt8.self)
    }

    @Test func timerIsArmedAndDoesNotFireEarly() throws {
        let peers = try DTLSTestPeers()
        peers.start()
        let deadline = try #require(peers.client.nextTimeout)
        // 1 s by default, less whatever real time passed since the send.
        #expect(deadline > peers.now + .milliseconds(500))
        #expect(deadline <= peers.now + .seconds(1))
        #expect(peers.client.handleTimeout(now: peers.now).isEmpty)
        #expect(peers.server.nextTimeout == nil)
        peers.pump()
        #expect(peers.client.state == .connected)
        #expect(peers.client.nextTimeout == nil)
    }

    @Test func lostClientHelloIsRetransmitted() async throws {
        let peers = try DTLSTestPeers(initialTimeout: .milliseconds(50))
        peers.drop = { side, index, _ in side == .client && index == 0 }
        peers.start()
        peers.pump()
        #expect(peers.sentByClient.count == 1)
        #expect(peers.sentByServer.isEmpty)
        let deadline = try #require(peers.client.nextTimeout)
        #expect(deadline <= peers.now + .milliseconds(50))
        try await peers.expireTimers()
        #expect(peers.sentByClient.count == 2)
        #expect(Self.handshakeType(peers.sentByClient[1]) == 1)
        // The timer doubled: the next deadline is about 100 ms out.
        let next = try #require(peers.client.nextTimeout)
        #expect(next > peers.now + .milliseconds(50))
        #expect(next <= peers.now + .milliseconds(100))
        peers.pump()
        #expect(peers.client.state == .connected)
        #expect(peers.server.state == .connected)
    }

    @Test func lostServerFlightIsRetransmitted() async throws {
        let peers = try DTLSTestPeers(initialTimeout: .milliseconds(50))
        var dropping = true
        peers.drop = { side, _, _ in side == .server && dropping }
        peers.start()
        peers.pump()
        let firstFlight = peers.sentByServer.count
        // ServerHello ... ServerHelloDone: OpenSSL packs a flight into as few
        // datagrams as the MTU allows.
        #expect(firstFlight >= 1)
        #expect(Self.handshakeType(peers.sentByServer[0]) == 2)
        #expect(peers.client.state == .handshaking)
        dropping = false
        try await peers.expireTimers()
        peers.pump()
        #expect(peers.sentByServer.count > firstFlight)
        #expect(peers.client.state == .connected)
        #expect(peers.server.state == .connected)
        let client = try #require(DTLSTestPeers.connectedInfo(peers.clientEvents))
        let server = try #require(DTLSTestPeers.connectedInfo(peers.serverEvents))
        #expect(client.keyingMaterial == server.keyingMaterial)
    }

    @Test func lostFinalServerFlightIsResentOnTheClientsRetransmission() async throws {
        let peers = try DTLSTestPeers(initialTimeout: .milliseconds(50))
        // The server is connected once it sends ChangeCipherSpec + Finished.
        peers.drop = { [unowned peers] side, _, _ in
            side == .server && peers.server.state == .connected && !peers.retransmitted
        }
        peers.start()
        peers.pump()
        #expect(peers.server.state == .connected)
        #expect(peers.client.state == .handshaking)
        peers.retransmitted = true
        let sentBeforeTimer = peers.sentByServer.count
        try await peers.expireTimers()
        peers.pump()
        #expect(peers.sentByServer.count > sentBeforeTimer)
        #expect(peers.client.state == .connected)
        #expect(DTLSTestPeers.connectedInfo(peers.clientEvents)?.keyingMaterial
            == DTLSTestPeers.connectedInfo(peers.serverEvents)?.keyingMaterial)
        // The server reported connected once, not again on the resend.
        #expect(peers.serverEvents.filter { if case .connected = $0 { true } else { false } }.count == 1)
    }
}
