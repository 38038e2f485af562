import DTLS
import NIOCore
import Testing
import TestSupport

/// Bad datagrams: nothing traps, an established session drops them silently
/// (RFC 6347 §4.1.2.7) and keeps working.
@Suite struct DTLSRobustnessTests {
    static func buffers(_ arrays: [[UInt8]]) -> [ByteBuffer] {
        arrays.map { ByteBuffer(bytes: $0) }
    }

    /// A client -> server application-data datagram from a connected pair.
    static func connectedPeersAndRecord() throws -> (DTLSTestPeers, [UInt8]) {
        let peers = try DTLSTestPeers()
        peers.handshake()
        let record = try #require(try peers.client.send(applicationData: ByteBuffer(bytes: Array("record".utf8))).first)
        return (peers, Array(record.readableBytesView))
    }

    static func expectStillWorking(_ peers: DTLSTestPeers, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(peers.client.state == .connected, sourceLocation: sourceLocation)
        #expect(peers.server.state == .connected, sourceLocation: sourceLocation)
        peers.serverEvents.removeAll()
        peers.clientEvents.removeAll()
        peers.absorb(try peers.client.send(applicationData: ByteBuffer(bytes: [1, 2, 3])).map(DTLSAction.send), from: .client)
        peers.absorb(try peers.server.send(applicationData: ByteBuffer(bytes: [4, 5])).map(DTLSAction.send), from: .server)
        peers.pump()
        #expect(DTLSTestPeers.applicationData(peers.serverEvents) == [[1, 2, 3]], sourceLocation: sourceLocation)
        #expect(DTLSTestPeers.applicationData(peers.clientEvents) == [[4, 5]], sourceLocation: sourceLocation)
    }

    @Test func establishedSessionSurvivesGarbageTruncationsAndCorruptions() throws {
        let (peers, record) = try Self.connectedPeersAndRecord()
        var random = SeededRandom(seed: 6347)
        var bad = Mutations.garbage(count: 300, maxLength: 1500, using: &random)
        bad += Mutations.truncations(of: record)
        bad += Mutations.corruptions(of: record, count: 300, using: &random)
        // DTLS-shaped garbage: a valid header in the current epoch, random body.
        for _ in 0..<100 {
            let body = random.bytes(Int(random.next() % 200))
            bad.append([23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body)
        }
        for datagram in Self.buffers(bad) {
            for action in peers.server.receive(datagram: datagram, now: peers.now) {
                // Only a corruption that left the record intact may deliver it.
                if case .applicationData(let data) = action {
                    #expect(Array(data.readableBytesView) == Array("record".utf8))
                } else {
                    Issue.record("unexpected \(action)")
                }
            }
        }
        try Self.expectStillWorking(peers)
    }

    @Test func recordsThatDoNotTileTheirDatagramAreDroppedAndCounted() throws {
        let (peers, record) = try Self.connectedPeersAndRecord()
        var shortened = record
        // Length field one byte short: a stray tail follows the record.
        let length = Int(record[11]) << 8 | Int(record[12])
        shortened[11] = UInt8((length - 20) >> 8)
        shortened[12] = UInt8((length - 20) & 0xFF)
        var lengthened = record
        lengthened[12] &+= 1
        // Well framed, epoch 1, but shorter than an AEAD record's nonce and tag.
        let tooShort: [UInt8] = [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 21] + [UInt8](repeating: 0xA5, count: 21)
        for datagram in [shortened, lengthened, record + [0], Array(record.prefix(12)), tooShort] {
            #expect(peers.server.receive(datagram: ByteBuffer(bytes: datagram), now: peers.now).isEmpty)
        }
        #expect(peers.server.malformedDatagramsDropped == 5)
        // The genuine record still arrives: nothing above consumed its sequence number.
        let delivered = peers.server.receive(datagram: ByteBuffer(bytes: record), now: peers.now)
        #expect(DTLSTestPeers.applicationData(delivered) == [Array("record".utf8)])
        try Self.expectStillWorking(peers)
    }

    @Test func replayedRecordIsDropped() throws {
        let (peers, record) = try Self.connectedPeersAndRecord()
        let first = peers.server.receive(datagram: ByteBuffer(bytes: record), now: peers.now)
        #expect(DTLSTestPeers.applicationData(first) == [Array("record".utf8)])
        // RFC 6347 §4.1.2.6 replay detection.
        #expect(peers.server.receive(datagram: ByteBuffer(bytes: record), now: peers.now).isEmpty)
        try Self.expectStillWorking(peers)
    }

    @Test func oldHandshakeFlightsDoNotDisturbAnEstablishedSession() throws {
        let (peers, _) = try Self.connectedPeersAndRecord()
        let serverFlights = peers.sentByServer
        let clientFlights = peers.sentByClient
        var random = SeededRandom(seed: 5764)
        for datagram in clientFlights {
            _ = peers.server.receive(datagram: datagram, now: peers.now)
            for mutated in Self.buffers(Mutations.corruptions(of: Array(datagram.readableBytesView), count: 50, using: &random)) {
                _ = peers.server.receive(datagram: mutated, now: peers.now)
            }
        }
        for datagram in serverFlights {
            _ = peers.client.receive(datagram: datagram, now: peers.now)
        }
        try Self.expectStillWorking(peers)
    }

    @Test func handshakeSurvivesRandomGarbage() throws {
        let peers = try DTLSTestPeers()
        var random = SeededRandom(seed: 7983)
        let garbage = Self.buffers(Mutations.garbage(count: 200, maxLength: 600, using: &random))
        peers.start()
        // Garbage before, between and after the real flights, both ways.
        for datagram in garbage.prefix(100) {
            peers.absorb(peers.server.receive(datagram: datagram, now: peers.now), from: .server)
            peers.absorb(peers.client.receive(datagram: datagram, now: peers.now), from: .client)
        }
        peers.pump()
        for datagram in garbage.suffix(100) {
            peers.absorb(peers.server.receive(datagram: datagram, now: peers.now), from: .server)
        }
        peers.pump()
        #expect(peers.client.state == .connected)
        #expect(peers.server.state == .connected)
        try Self.expectStillWorking(peers)
    }

    @Test func mutatedHandshakeDatagramsNeverTrap() throws {
        // Every truncation and many corruptions of the real ClientHello and
        // server flight, each into a fresh endpoint awaiting it. A malformed
        // but authentic-looking handshake message may fail the handshake
        // (typed), an unparsable record is dropped; nothing traps.
        let reference = try DTLSTestPeers()
        reference.handshake()
        let clientHello = Array(reference.sentByClient[0].readableBytesView)
        let serverFlight = Array(reference.sentByServer[0].readableBytesView)
        var random = SeededRandom(seed: 5246)
        let toServer = Mutations.truncations(of: clientHello) + Mutations.corruptions(of: clientHello, count: 150, using: &random)
        let toClient = Mutations.truncations(of: serverFlight) + Mutations.corruptions(of: serverFlight, count: 150, using: &random)
        let server = try DTLSEndpoint(
            context: DTLSTestFixtures.serverContext, role: .server,
            remoteFingerprint: DTLSTestFixtures.clientCertificate.fingerprint
        )
        var serverFailures = 0
        for datagram in Self.buffers(toServer) {
            if DTLSTestPeers.failure(server.receive(datagram: datagram, now: reference.now)) != nil { serverFailures += 1 }
        }
        // One endpoint survives all this or fails once, typed, and stays failed.
        #expect(serverFailures <= 1)
        let peers = try DTLSTestPeers()
        peers.absorb(peers.client.start(now: peers.now), from: .client)
        var clientFailures = 0
        for datagram in Self.buffers(toClient) {
            if DTLSTestPeers.failure(peers.client.receive(datagram: datagram, now: peers.now)) != nil { clientFailures += 1 }
        }
        #expect(clientFailures <= 1)
    }

    @Test func truncatedRecordsLeaveAHandshakeIntact() throws {
        // Cut records fail the record-layer length check and are dropped, so
        // the real flight that follows still completes the handshake.
        let reference = try DTLSTestPeers()
        reference.handshake()
        let clientHello = Array(reference.sentByClient[0].readableBytesView)
        let peers = try DTLSTestPeers()
        peers.start()
        for truncated in Mutations.truncations(of: clientHello) where truncated.count >= 1 {
            peers.absorb(peers.server.receive(datagram: ByteBuffer(bytes: truncated), now: peers.now), from: .server)
        }
        #expect(peers.server.state == .handshaking)
        #expect(peers.sentByServer.isEmpty)
        peers.pump()
        #expect(peers.client.state == .connected)
        #expect(peers.server.state == .connected)
    }

    @Test func unexpectedMessageFailsWithOpenSSLsReasonAndAnAlert() throws {
        let reference = try DTLSTestPeers()
        reference.handshake()
        let clientHello = reference.sentByClient[0]
        // Twice on this thread: the second failure's text must not carry the
        // first one's queue entries.
        for _ in 0..<2 {
            let peers = try DTLSTestPeers()
            peers.absorb(peers.client.start(now: peers.now), from: .client)
            let actions = peers.client.receive(datagram: clientHello, now: peers.now)
            guard case .send(let alert)? = actions.first, case .failed(.protocolFailure(let code, let reason))? = actions.last else {
                Issue.record("expected an alert and a failure, got \(actions)")
                return
            }
            #expect(alert.getInteger(at: 0, as: UInt8.self) == 21)
            #expect(code == 1)
            #expect(reason.hasSuffix("unexpected message"))
            #expect(!reason.contains("; "))
        }
    }
}
