import DTLS
import ICELite
import Logging
import MediaTransport
import NIOCore
import NIOPosix
import Testing

/// A peer transport's timers follow the clock it was given: nothing is due
/// until a manual clock says so, and everything due runs when it does,
/// without waiting in real time.
@Suite struct PeerTransportClockTests {
    /// One worker on a manual clock, and a silent worker (no peers) to
    /// point a client at.
    private struct Fixture {
        let group: MultiThreadedEventLoopGroup
        let clock: ManualMediaClock
        let worker: MediaWorker
        let silent: MediaWorker

        static func start(configuration: MediaTransportConfiguration = .testing) async throws -> Fixture {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let loop = group.next()
            var logger = Logger(label: "test.media")
            logger.logLevel = .critical
            let context = try DTLSContext(configuration: DTLSConfiguration(certificate: DTLSCertificate.generate()))
            let clock = ManualMediaClock()
            let worker = try await MediaWorker.bind(
                host: "127.0.0.1", port: 0, on: loop, dtlsContext: context, configuration: configuration, clock: clock,
                logger: logger)
            let silent = try await MediaWorker.bind(
                host: "127.0.0.1", port: 0, on: loop, dtlsContext: context, configuration: .testing, logger: logger)
            return Fixture(group: group, clock: clock, worker: worker, silent: silent)
        }

        func onLoop<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
            try await worker.eventLoop.submit(body).get()
        }

        func shutdown() async throws {
            try await worker.close()
            try await silent.close()
            try await group.shutdownGracefully()
        }
    }

    @Test func handshakeDeadlineWaitsForTheInjectedClock() async throws {
        // Consent outlasts the handshake deadline: only the latter can end the peer.
        let fixture = try await Fixture.start(
            configuration: MediaTransportConfiguration(consentTimeout: .seconds(30), dtlsHandshakeTimeout: .seconds(5)))
        let worker = fixture.worker
        // A server peer whose client never checks.
        let probe = try await fixture.onLoop {
            let probe = PeerProbe()
            probe.peer = try worker.makeServerPeer(
                remoteCredentials: .random(), remoteFingerprint: DTLSCertificate.generate().fingerprint,
                delegate: probe)
            return NIOLoopBound(probe, eventLoop: worker.eventLoop)
        }
        #expect(fixture.clock.pendingTimers == 1)

        try await fixture.clock.advance(by: .milliseconds(4_999))
        #expect(try await fixture.onLoop { probe.value.closeReason == nil && worker.peerCount == 1 })

        try await fixture.clock.advance(by: .milliseconds(1))
        #expect(try await fixture.onLoop { probe.value.closeReason } == .dtlsHandshakeTimeout)
        #expect(try await fixture.onLoop { worker.peerCount } == 0)
        #expect(fixture.clock.pendingTimers == 0, "a closed peer sets no timer")
        try await fixture.shutdown()
    }

    @Test func clientChecksAndConsentFollowTheInjectedClock() async throws {
        let fixture = try await Fixture.start()
        let worker = fixture.worker
        let remote = fixture.silent.localAddress
        let probe = try await fixture.onLoop {
            let probe = PeerProbe()
            probe.peer = try worker.makeClientPeer(
                remote: remote, remoteCredentials: .random(),
                remoteFingerprint: DTLSCertificate.generate().fingerprint, delegate: probe)
            return NIOLoopBound(probe, eventLoop: worker.eventLoop)
        }
        // The first check goes out at once; the next one only when the
        // manual clock passes the 50 ms check interval (RFC 8445 §14.2).
        #expect(try await fixture.onLoop { worker.counters.datagramsSent } == 1)
        try await fixture.clock.advance(by: .milliseconds(49))
        #expect(try await fixture.onLoop { worker.counters.datagramsSent } == 1)
        try await fixture.clock.advance(by: .milliseconds(1))
        #expect(try await fixture.onLoop { worker.counters.datagramsSent } == 2)

        // Nobody answers: consent (2 s in `.testing`) runs out on the
        // manual clock, and the peer closes.
        try await fixture.clock.advance(by: .milliseconds(1_900))
        #expect(try await fixture.onLoop { probe.value.closeReason } == nil)
        try await fixture.clock.advance(by: .milliseconds(100))
        #expect(try await fixture.onLoop { probe.value.closeReason } == .consentExpired)
        #expect(try await fixture.onLoop { worker.peerCount } == 0)
        try await fixture.shutdown()
    }
}
