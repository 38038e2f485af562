import DTLS
import NIOCore
import Testing

@Suite struct DTLSFingerprintMismatchTests {
    static func isConnected(_ action: DTLSAction) -> Bool {
        if case .connected = action { true } else { false }
    }

    @Test func clientRejectsTheServersCertificate() throws {
        let wrong = DTLSTestFixtures.wrongFingerprint
        let peers = try DTLSTestPeers(clientExpects: wrong)
        peers.handshake()
        let expected = DTLSError.fingerprintMismatch(expected: wrong, actual: DTLSTestFixtures.serverCertificate.fingerprint)
        #expect(DTLSTestPeers.failure(peers.clientEvents) == expected)
        #expect(peers.client.state == .failed(expected))
        #expect(!peers.clientEvents.contains(where: Self.isConnected))
        #expect(peers.client.connectedInfo == nil)
        // The client's bad_certificate alert ends the server's handshake too.
        #expect(DTLSTestPeers.failure(peers.serverEvents) == .alertReceived(.badCertificate))
        #expect(!peers.serverEvents.contains(where: Self.isConnected))
        #expect(peers.client.nextTimeout == nil)
    }

    @Test func serverRejectsTheClientsCertificate() throws {
        let wrong = DTLSTestFixtures.wrongFingerprint
        let peers = try DTLSTestPeers(serverExpects: wrong)
        peers.handshake()
        let expected = DTLSError.fingerprintMismatch(expected: wrong, actual: DTLSTestFixtures.clientCertificate.fingerprint)
        #expect(DTLSTestPeers.failure(peers.serverEvents) == expected)
        #expect(!peers.serverEvents.contains(where: Self.isConnected))
        #expect(DTLSTestPeers.failure(peers.clientEvents) == .alertReceived(.badCertificate))
        #expect(!peers.clientEvents.contains(where: Self.isConnected))
        // A failed endpoint ignores whatever still arrives.
        #expect(peers.server.receive(datagram: peers.sentByClient[0], now: peers.now).isEmpty)
        #expect(peers.server.handleTimeout(now: peers.now).isEmpty)
    }

    @Test func otherHashFunctionsPin() throws {
        let peers = try DTLSTestPeers(
            clientExpects: DTLSTestFixtures.serverCertificate.fingerprint(using: .sha512),
            serverExpects: DTLSTestFixtures.clientCertificate.fingerprint(using: .sha1)
        )
        peers.handshake()
        #expect(peers.client.state == .connected)
        #expect(peers.server.state == .connected)
        #expect(DTLSTestPeers.connectedInfo(peers.clientEvents)?.remoteFingerprint.algorithm == .sha512)
    }

    @Test func sameDigestUnderAnotherHashNameIsRejected() throws {
        // The bytes are the SHA-256 digest, but labelled SHA-384 they can
        // only mismatch (and are the wrong length for it).
        let relabelled = DTLSFingerprint(algorithm: .sha384, bytes: DTLSTestFixtures.serverCertificate.fingerprint.bytes)
        let peers = try DTLSTestPeers(clientExpects: relabelled)
        peers.handshake()
        guard case .fingerprintMismatch(expected: relabelled, let actual)? = DTLSTestPeers.failure(peers.clientEvents) else {
            Issue.record("expected a fingerprint mismatch, got \(peers.clientEvents)")
            return
        }
        #expect(actual == DTLSTestFixtures.serverCertificate.fingerprint(using: .sha384))
    }
}
