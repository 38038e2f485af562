import DTLS
import NIOCore
import Testing

@Suite struct DTLSHandshakeTests {
    @Test func handshakeNegotiatesGCMAndAgreesOnKeys() throws {
        let peers = try DTLSTestPeers()
        peers.handshake()
        let client = try #require(DTLSTestPeers.connectedInfo(peers.clientEvents))
        let server = try #require(DTLSTestPeers.connectedInfo(peers.serverEvents))
        #expect(peers.client.state == .connected)
        #expect(peers.server.state == .connected)
        // Both offer GCM first and CM second; GCM wins (RFC 5764 §4.1.1).
        #expect(client.srtpProfile == .aeadAES128GCM)
        #expect(server.srtpProfile == .aeadAES128GCM)
        #expect(client.keyingMaterial.count == 56)
        #expect(client.keyingMaterial == server.keyingMaterial)
        #expect(client.keyingMaterial != [UInt8](repeating: 0, count: 56))
        #expect(client.remoteFingerprint == DTLSTestFixtures.serverCertificate.fingerprint)
        #expect(server.remoteFingerprint == DTLSTestFixtures.clientCertificate.fingerprint)
        // What one side protects with, the other unprotects with.
        #expect(client.localMasterKey.count == 16 && client.localMasterSalt.count == 12)
        #expect(client.localMasterKey == server.remoteMasterKey)
        #expect(client.localMasterSalt == server.remoteMasterSalt)
        #expect(server.localMasterKey == client.remoteMasterKey)
        #expect(client.localMasterKey != client.remoteMasterKey)
        #expect(Array(client.keyingMaterial[0..<16]) == client.localMasterKey)
        #expect(Array(client.keyingMaterial[44..<56]) == server.localMasterSalt)
        #expect(peers.client.connectedInfo == client)
        #expect(DTLSTestPeers.failure(peers.clientEvents + peers.serverEvents) == nil)
    }

    @Test func cmOnlyClientGetsCM() throws {
        let peers = try DTLSTestPeers(clientContext: DTLSTestFixtures.cmOnlyClientContext)
        peers.handshake()
        let client = try #require(DTLSTestPeers.connectedInfo(peers.clientEvents))
        let server = try #require(DTLSTestPeers.connectedInfo(peers.serverEvents))
        #expect(client.srtpProfile == .aes128CMHMACSHA1_80)
        #expect(server.srtpProfile == .aes128CMHMACSHA1_80)
        #expect(client.keyingMaterial.count == 60)
        #expect(client.keyingMaterial == server.keyingMaterial)
        #expect(client.localMasterSalt.count == 14)
        #expect(client.localMasterSalt == server.remoteMasterSalt)
    }

    @Test func independentHandshakesExportDifferentKeys() throws {
        let first = try DTLSTestPeers()
        let second = try DTLSTestPeers()
        first.handshake()
        second.handshake()
        let one = try #require(DTLSTestPeers.connectedInfo(first.clientEvents))
        let two = try #require(DTLSTestPeers.connectedInfo(second.clientEvents))
        #expect(one.keyingMaterial != two.keyingMaterial)
    }

    @Test func applicationDataFlowsBothWays() throws {
        let peers = try DTLSTestPeers()
        peers.handshake()
        let hello = ByteBuffer(bytes: Array("hello server".utf8))
        peers.absorb(try peers.client.send(applicationData: hello).map(DTLSAction.send), from: .client)
        let reply = ByteBuffer(bytes: [UInt8](repeating: 7, count: 1000))
        peers.absorb(try peers.server.send(applicationData: reply).map(DTLSAction.send), from: .server)
        peers.pump()
        #expect(DTLSTestPeers.applicationData(peers.serverEvents) == [Array("hello server".utf8)])
        #expect(DTLSTestPeers.applicationData(peers.clientEvents) == [[UInt8](repeating: 7, count: 1000)])
    }

    @Test func sendingNeedsAConnectionAndOneRecord() throws {
        let peers = try DTLSTestPeers()
        #expect(throws: DTLSError.notConnected) {
            try peers.client.send(applicationData: ByteBuffer(bytes: [1]))
        }
        peers.handshake()
        let tooLarge = ByteBuffer(bytes: [UInt8](repeating: 1, count: 1200))
        #expect {
            try peers.client.send(applicationData: tooLarge)
        } throws: { error in
            guard case DTLSError.applicationDataTooLarge(size: 1200, let limit) = error else { return false }
            return limit > 1000 && limit < 1200
        }
        #expect(try peers.client.send(applicationData: ByteBuffer()).isEmpty)
        #expect(peers.client.state == .connected)
    }

    @Test func serverStartsOnItsFirstDatagramWithoutStart() throws {
        let peers = try DTLSTestPeers()
        #expect(peers.server.state == .idle)
        peers.absorb(peers.client.start(now: peers.now), from: .client)
        #expect(peers.toServer.count >= 1)
        #expect(peers.client.state == .handshaking)
        peers.pump()
        #expect(peers.server.state == .connected)
        #expect(peers.client.state == .connected)
    }

    @Test func invalidMTUIsRejected() {
        #expect(throws: DTLSError.invalidMTU(100)) {
            try DTLSEndpoint(
                context: DTLSTestFixtures.serverContext, role: .server,
                remoteFingerprint: DTLSTestFixtures.wrongFingerprint, mtu: 100
            )
        }
    }

    @Test func configurationWithoutProfilesIsRejected() {
        #expect {
            try DTLSContext(configuration: DTLSConfiguration(
                certificate: DTLSTestFixtures.serverCertificate, srtpProfiles: []
            ))
        } throws: { error in
            guard case DTLSError.openSSL(call: "SSL_CTX_set_tlsext_use_srtp", _) = error else { return false }
            return true
        }
    }
}
