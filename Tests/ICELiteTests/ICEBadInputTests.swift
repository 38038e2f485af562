import NIOCore
import STUN
import TestSupport
import Testing

@testable import ICELite

/// Truncated, corrupted and random datagrams through the agent and the
/// responder: nothing traps, and nothing but a valid check moves the agent.
@Suite struct ICEBadInputTests {
    /// Valid datagrams to mutate: a nominating check, a plain check, a
    /// SHA-256 check and a bare Binding request.
    private static var seeds: [[UInt8]] {
        let key = STUNKey.shortTerm(password: Fixture.server.password)
        // Fixed transaction IDs keep the mutations the same on every run.
        let ids = (1...4).map { STUNTransactionID(upper: 0x5EED, lower: UInt64($0)) }
        let checks = [
            Fixture.check(useCandidate: true, transactionID: ids[0]).serialized(),
            Fixture.check(transactionID: ids[1]).serialized(),
            Fixture.check(transactionID: ids[2]).request.serialized(integritySHA256Key: key, fingerprint: true),
            STUNMessage.bindingRequest(transactionID: ids[3]).serialized(fingerprint: true),
        ]
        return checks.map { Array($0.readableBytesView) }
    }

    /// Every mutation of the seeds plus garbage, without the unchanged
    /// originals (a corruption may write back the byte that was there).
    private static func mutations(seed: UInt64) -> [[UInt8]] {
        var random = SeededRandom(seed: seed)
        var inputs: [[UInt8]] = []
        for bytes in seeds {
            inputs += Mutations.truncations(of: bytes)
            inputs += Mutations.corruptions(of: bytes, count: 300, using: &random)
        }
        inputs += Mutations.garbage(count: 500, maxLength: 200, using: &random)
        // Garbage that looks like a STUN header, to get past the first test.
        for _ in 0..<300 {
            var bytes = random.bytes(Int.random(in: 0...12, using: &random) * 4)
            var header: [UInt8] = [0x00, 0x01, UInt8(bytes.count >> 8), UInt8(truncatingIfNeeded: bytes.count)]
            header += [0x21, 0x12, 0xA4, 0x42] + random.bytes(12)
            bytes = header + bytes
            inputs.append(bytes)
        }
        let originals = Set(seeds)
        return inputs.filter { !originals.contains($0) }
    }

    @Test(arguments: [ICELiteAgent.State.new, .connected])
    func agentStateNeverMovesOnBadInput(startState: ICELiteAgent.State) throws {
        var agent = Fixture.agent()
        if startState == .connected {
            _ = agent.nominate(from: Fixture.clientV4, at: 1)
        }
        try #require(agent.state == startState)
        let before = AgentSnapshot(agent)
        var answered = 0
        var authentic = 0
        for bytes in Self.mutations(seed: 7675) {
            for source in [Fixture.clientV4, Fixture.clientV4Moved] {
                let datagram = ByteBuffer(bytes: bytes)
                if Self.isAuthentic(datagram) {
                    // A mutation that only touched bytes after MESSAGE-INTEGRITY
                    // (say, FINGERPRINT's type turned into an ignorable one) is
                    // still a check the peer signed: run it on a copy.
                    authentic += 1
                    var copy = agent
                    _ = copy.handleDatagram(datagram, from: source, now: Fixture.at(2))
                    continue
                }
                let response = agent.handleDatagram(datagram, from: source, now: Fixture.at(2))
                #expect(!response.isValid, "accepted \(hexString(bytes))")
                #expect(response.action == nil)
                if let reply = response.reply {
                    answered += 1
                    // Whatever we answer is a well-formed error response.
                    let message = try STUNMessage(parsing: reply)
                    #expect(message.type == .bindingError)
                    #expect(message.checkFingerprint() == .valid)
                }
            }
        }
        #expect(authentic < 50)
        #expect(AgentSnapshot(agent) == before)
        #expect(agent.counters.invalid > 0)
        #expect(agent.counters.valid == before.valid)
        #expect(answered > 0)
    }

    /// Whether a datagram carries MESSAGE-INTEGRITY (either kind) that
    /// verifies with the server's password: the one thing a valid check needs
    /// that a corruption cannot forge.
    private static func isAuthentic(_ datagram: ByteBuffer) -> Bool {
        guard let message = try? STUNMessage(parsing: datagram) else { return false }
        let key = STUNKey.shortTerm(password: Fixture.server.password)
        return message.checkMessageIntegrity(key: key) == .valid || message.checkMessageIntegritySHA256(key: key) == .valid
    }

    @Test func specificBadInputsGiveTheirErrors() {
        var agent = Fixture.agent()
        let response = agent.handleDatagram(ByteBuffer(bytes: [0, 1, 0]), from: Fixture.clientV4, now: Fixture.at(1))
        #expect(response.rejection == .malformed(.truncated(at: 0, need: 20)))
        #expect(response.reply == nil)
        var rtp = ByteBuffer(bytes: [0x80, 0x60])
        rtp.writeRepeatingByte(0, count: 30)
        #expect(
            agent.handleDatagram(rtp, from: Fixture.clientV4, now: Fixture.at(1)).rejection
                == .malformed(.notSTUN(firstByte: 0x80)))
        #expect(agent.counters.malformed == 2)
    }

    @Test func responderNeverTrapsAndOnlyAnswersRequests() throws {
        var responder = STUNBindingResponder(configuration: .init(requestsPerSecond: 1_000_000, burst: 1_000_000))
        for bytes in Self.mutations(seed: 8489) {
            let outcome = responder.handle(ByteBuffer(bytes: bytes), from: Fixture.clientV6, now: Fixture.at(1))
            guard case .reply(let reply) = outcome else { continue }
            // An answer always matches a Binding request among the inputs.
            let request = try STUNMessage(parsing: bytes)
            #expect(request.type == .bindingRequest)
            let message = try STUNMessage(parsing: reply)
            #expect(message.transactionID == request.transactionID)
            if message.type == .bindingSuccess {
                #expect(message.xorMappedAddress == STUNAddress(Fixture.clientV6))
            }
        }
        #expect(responder.counters.notSTUN > 0)
    }

    @Test func validatorNeverTrapsOnBadResponses() {
        let check = Fixture.check()
        let good = STUNMessage.bindingSuccess(to: check.request, mappedAddress: STUNAddress(ipv4: 192, 0, 2, 1, port: 1))
            .serialized(integrityKey: .shortTerm(password: Fixture.server.password), fingerprint: true)
        let goodBytes = Array(good.readableBytesView)
        var random = SeededRandom(seed: 5389)
        var inputs = Mutations.truncations(of: goodBytes) + Mutations.corruptions(of: goodBytes, count: 500, using: &random)
        inputs += Mutations.garbage(count: 300, maxLength: 100, using: &random)
        for bytes in inputs where bytes != goodBytes {
            #expect(throws: ICEError.self) { try check.validateResponse(ByteBuffer(bytes: bytes)) }
        }
    }
}
