import DTLS
import NIOCore
import Testing

@Suite struct DTLSCloseTests {
    @Test func clientCloseNotifyClosesTheServer() throws {
        let peers = try DTLSTestPeers()
        peers.handshake()
        let actions = peers.client.close()
        #expect(actions.count == 1)
        // One alert record (content type 21), encrypted in epoch 1.
        guard case .send(let alert)? = actions.first else {
            Issue.record("close sent nothing")
            return
        }
        #expect(alert.getInteger(at: 0, as: UInt8.self) == 21)
        #expect(alert.getInteger(at: 3, as: UInt16.self) == 1)
        #expect(peers.client.state == .closed)
        peers.absorb(actions, from: .client)
        peers.pump()
        #expect(peers.serverEvents.last == .closed)
        #expect(peers.server.state == .closed)
        // The server answered with its own close_notify (RFC 5246 §7.2.1).
        #expect(peers.sentByServer.last?.getInteger(at: 0, as: UInt8.self) == 21)
        #expect(throws: DTLSError.notConnected) { try peers.client.send(applicationData: ByteBuffer(bytes: [1])) }
        #expect(throws: DTLSError.notConnected) { try peers.server.send(applicationData: ByteBuffer(bytes: [1])) }
        #expect(peers.client.close().isEmpty)
    }

    @Test func serverCloseNotifyClosesTheClient() throws {
        let peers = try DTLSTestPeers()
        peers.handshake()
        peers.absorb(peers.server.close(), from: .server)
        peers.pump()
        #expect(peers.clientEvents.last == .closed)
        #expect(peers.client.state == .closed)
        #expect(DTLSTestPeers.failure(peers.clientEvents + peers.serverEvents) == nil)
    }

    @Test func closeDuringHandshakeJustStops() throws {
        let peers = try DTLSTestPeers()
        peers.start()
        #expect(peers.client.close().isEmpty)
        #expect(peers.client.state == .closed)
        #expect(peers.client.nextTimeout == nil)
        peers.pump()
        #expect(peers.client.state == .closed)
        #expect(peers.server.state == .handshaking)
    }
}
