import NIOCore
import STUN
import TestSupport
import Testing

@testable import ICELite

@Suite struct STUNBindingResponderTests {
    private func reply(_ outcome: STUNBindingResponder.Outcome) throws -> STUNMessage {
        guard case .reply(let bytes) = outcome else { throw Fixture.FixtureError.noReply }
        return try STUNMessage(parsing: bytes)
    }

    @Test(arguments: [Fixture.clientV4, Fixture.clientV6, Fixture.address("::ffff:203.0.113.5", 3479)])
    func answersWithTheSourceAddress(source: SocketAddress) throws {
        var responder = STUNBindingResponder()
        let request = STUNMessage.bindingRequest()
        let answer = try reply(responder.handle(request.serialized(), from: source, now: Fixture.at(0)))
        #expect(answer.type == .bindingSuccess)
        #expect(answer.transactionID == request.transactionID)
        #expect(answer.xorMappedAddress == STUNAddress(source))
        // No FINGERPRINT unless the request had one, and never MESSAGE-INTEGRITY (no auth).
        #expect(answer.attributes.map(\.type) == [.xorMappedAddress])
        #expect(responder.counters.answered == 1)
    }

    @Test func fingerprintAndSoftwareWhenAsked() throws {
        var responder = STUNBindingResponder(configuration: .init(software: "switchboard"))
        let request = STUNMessage.bindingRequest()
        let answer = try reply(
            responder.handle(request.serialized(fingerprint: true), from: Fixture.clientV4, now: Fixture.at(0)))
        #expect(answer.attributes.map(\.type) == [.software, .xorMappedAddress, .fingerprint])
        #expect(answer.checkFingerprint() == .valid)
        #expect(answer.software == "switchboard")
    }

    @Test func unknownComprehensionRequiredIs420() throws {
        var responder = STUNBindingResponder()
        var request = STUNMessage.bindingRequest()
        request.attributes = [.unknown(type: STUNAttributeType(rawValue: 0x0031), value: [0, 0, 0, 0])]
        let answer = try reply(responder.handle(request.serialized(), from: Fixture.clientV4, now: Fixture.at(0)))
        #expect(answer.type == .bindingError)
        #expect(answer.errorCode?.code == 420)
        #expect(answer.unknownAttributes == [STUNAttributeType(rawValue: 0x0031)])
        #expect(responder.counters.unknownAttributeAnswers == 1)
    }

    @Test func ignoresEverythingElse() {
        var responder = STUNBindingResponder()
        let source = Fixture.clientV4
        let now = Fixture.at(0)
        var badFingerprint = Array(STUNMessage.bindingRequest().serialized(fingerprint: true).readableBytesView)
        badFingerprint[badFingerprint.count - 1] ^= 0xFF
        let cases: [(ByteBuffer, STUNBindingResponder.IgnoreReason)] = [
            (ByteBuffer(bytes: [0x80, 0x60, 0, 1]), .notSTUN),  // RTP
            (ByteBuffer(bytes: [0x16, 0xFE, 0xFD]), .notSTUN),  // DTLS
            (ByteBuffer(), .notSTUN),
            (STUNMessage.bindingSuccess(transactionID: .random(), mappedAddress: STUNAddress(ipv4: 1, 2, 3, 4, port: 5))
                .serialized(), .notBindingRequest),
            (STUNMessage(type: .bindingIndication, transactionID: .random()).serialized(), .notBindingRequest),
            (STUNMessage(type: STUNMessageType(method: STUNMethod(rawValue: 0x003), messageClass: .request),
                transactionID: .random()).serialized(), .notBindingRequest),  // TURN Allocate
            (ByteBuffer(bytes: badFingerprint), .badFingerprint),
        ]
        for (datagram, reason) in cases {
            #expect(responder.handle(datagram, from: source, now: now) == .ignored(reason))
        }
        #expect(responder.counters.answered == 0)
        #expect(responder.trackedSources == 0)
    }

    @Test func rateLimitDropsTheExcessAndRecovers() throws {
        var responder = STUNBindingResponder(configuration: .init(requestsPerSecond: 10, burst: 5))
        let request = STUNMessage.bindingRequest().serialized()
        func answered(_ count: Int, at seconds: Double, port: Int = 40000) -> Int {
            (0..<count).filter { _ in
                let source = Fixture.address("192.0.2.10", port)
                if case .reply = responder.handle(request, from: source, now: Fixture.at(seconds)) { return true }
                return false
            }.count
        }
        #expect(answered(20, at: 0) == 5)
        // Another port of the same IP shares the bucket.
        #expect(answered(1, at: 0, port: 40001) == 0)
        // Another IP has its own.
        var other = 0
        if case .reply = responder.handle(request, from: Fixture.clientV4Moved, now: Fixture.at(0)) { other += 1 }
        #expect(other == 1)
        // 10 per second: one token back after 100 ms, the full burst after 500 ms.
        #expect(answered(3, at: 0.1) == 1)
        #expect(answered(10, at: 1.0) == 5)
        #expect(responder.counters.rateLimited == 15 + 1 + 2 + 5)
    }

    @Test func sourceTableStaysWithinItsCap() throws {
        // The whole path with 10k spoofed sources (kept small: a STUN round
        // trip is slow in a debug build); the table alone takes 100k below.
        var responder = STUNBindingResponder(configuration: .init(requestsPerSecond: 1, burst: 1, maxSources: 500))
        let request = STUNMessage.bindingRequest().serialized()
        var answered = 0
        for index in 0..<10_000 {
            let ip = STUNAddress(ip: .v4(0x0A00_0000 | UInt32(index)), port: 5000)
            let source = try #require(SocketAddress(ip))
            if case .reply = responder.handle(request, from: source, now: Fixture.at(Double(index) / 10_000)) {
                answered += 1
            }
            if index % 1000 == 0 { #expect(responder.trackedSources <= 500) }
        }
        #expect(responder.trackedSources == 500)
        #expect(answered == 10_000)
        #expect(responder.counters.evictions == 9_500)
    }

    @Test func limiterTableStaysWithinItsCapUnder100kSources() {
        var limiter = SourceRateLimiter<STUNAddress.IP>(ratePerSecond: 10, burst: 20, capacity: 1000)
        var allowed = 0
        for index in 0..<100_000 {
            if limiter.allow(.v4(UInt32(index)), now: Int64(index) * 1000) { allowed += 1 }
            if index % 10_000 == 0 { #expect(limiter.count <= 1000) }
        }
        #expect(limiter.count == 1000)
        #expect(limiter.evictions == 99_000)
        #expect(allowed == 100_000)
        // The most recent sources are still tracked, with their bucket used.
        for _ in 0..<19 { _ = limiter.allow(.v4(99_999), now: 100_000_000) }
        #expect(limiter.allow(.v4(99_999), now: 100_000_000) == false)
    }

    @Test func limiterEvictsInInsertionOrderAndForgetsEvictedState() {
        var limiter = SourceRateLimiter<Int>(ratePerSecond: 1, burst: 1, capacity: 3)
        #expect(limiter.allow(1, now: 0) == true)
        #expect(limiter.allow(1, now: 0) == false)
        for key in 2...4 { #expect(limiter.allow(key, now: 0) == true) }
        #expect(limiter.count == 3)
        #expect(limiter.evictions == 1)
        // Key 1 was evicted, so it starts again with a full bucket; 2 was not.
        #expect(limiter.allow(1, now: 0) == true)
        #expect(limiter.allow(3, now: 0) == false)
        #expect(limiter.count == 3)
    }

    @Test func limiterSurvivesExtremeClockAndConfiguration() {
        var limiter = SourceRateLimiter<Int>(ratePerSecond: 0, burst: Int.max, capacity: 0)
        #expect(limiter.allow(1, now: .max) == true)
        #expect(limiter.allow(1, now: .max) == true)
        #expect(limiter.count == 1)
    }
}
