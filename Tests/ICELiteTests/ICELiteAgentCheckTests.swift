import NIOCore
import STUN
import TestSupport
import Testing

@testable import ICELite

/// One check at a time: how the agent answers good and bad requests.
@Suite struct ICELiteAgentCheckTests {
    @Test(arguments: [Fixture.clientV4, Fixture.clientV6])
    func validCheckIsAnsweredWithAuthenticatedMappedAddress(source: SocketAddress) throws {
        var agent = Fixture.agent()
        let check = Fixture.check()
        let response = agent.receive(check, from: source, at: 1)
        #expect(response.isValid)
        #expect(response.action == nil)
        let success = try check.validateResponse(try #require(response.reply))
        #expect(success.mappedAddress == STUNAddress(source))
        #expect(!success.nominated)

        // Field by field: XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT, in that order.
        let message = try Fixture.parse(response.reply)
        #expect(message.type == .bindingSuccess)
        #expect(message.transactionID == check.transactionID)
        #expect(message.attributes.map(\.type) == [.xorMappedAddress, .messageIntegrity, .fingerprint])
        #expect(message.checkMessageIntegrity(key: .shortTerm(password: Fixture.server.password)) == .valid)
        #expect(message.checkMessageIntegrity(key: .shortTerm(password: Fixture.client.password)) == .invalid)
        #expect(message.checkFingerprint() == .valid)

        #expect(agent.state == .checking)
        #expect(agent.selectedAddress == nil)
        #expect(agent.candidateAddresses == [source])
        #expect(agent.lastConsent == Fixture.at(1))
        #expect(agent.counters.valid == 1)
        #expect(agent.counters.invalid == 0)
    }

    @Test func nominatingCheckReportsNomination() throws {
        var agent = Fixture.agent()
        let check = Fixture.check(useCandidate: true)
        let response = agent.receive(check, from: Fixture.clientV4, at: 1)
        #expect(response.action == nil, "selected only once the probe is answered")
        #expect(try check.validateResponse(try #require(response.reply)).nominated)
        #expect(agent.counters.nominating == 1)

        // The probe: a controlled Binding request to the peer, keyed with its password.
        let probe = try #require(response.probe)
        let message = try STUNMessage(parsing: probe.serialized())
        #expect(message.username == "cLi9:srvU1234")
        #expect(message.iceControlled != nil && message.iceControlling == nil && !message.useCandidate)
        #expect(message.checkMessageIntegrity(key: .shortTerm(password: Fixture.client.password)) == .valid)
        #expect(message.checkFingerprint() == .valid)
        #expect(agent.answer(probe, from: Fixture.clientV4, at: 1.1).action == .selected(Fixture.clientV4))
        #expect(agent.state == .connected)
    }

    /// A rejected check: the reply's code, whether it is authenticated, and
    /// that nothing in the agent moved.
    private func expectRejected(
        _ datagram: ByteBuffer, check: ICEConnectivityCheck, error: ICEError, code: UInt16,
        authenticated: Bool, unknown: [STUNAttributeType] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        var agent = Fixture.agent()
        let before = AgentSnapshot(agent)
        let response = agent.handleDatagram(datagram, from: Fixture.clientV4, now: Fixture.at(5))
        #expect(response.rejection == error, sourceLocation: sourceLocation)
        #expect(response.action == nil, sourceLocation: sourceLocation)
        #expect(AgentSnapshot(agent) == before, sourceLocation: sourceLocation)
        #expect(agent.counters.invalid == 1, sourceLocation: sourceLocation)

        let reply = try Fixture.parse(response.reply)
        #expect(reply.type == .bindingError, sourceLocation: sourceLocation)
        #expect(reply.errorCode?.code == code, sourceLocation: sourceLocation)
        #expect(reply.checkFingerprint() == .valid, sourceLocation: sourceLocation)
        let errorCode = try #require(reply.errorCode, sourceLocation: sourceLocation)
        let expected = ICEError.errorResponse(errorCode, unknownAttributes: unknown, authenticated: authenticated)
        #expect(throws: expected, sourceLocation: sourceLocation) { try check.validateResponse(reply) }
    }

    @Test func wrongLocalUfragIs401() throws {
        let other = Fixture.credentials(ufrag: "othr", password: Fixture.server.password)
        let check = Fixture.check(remote: other)
        try expectRejected(check.serialized(), check: check, error: .unknownUfrag("othr"), code: 401, authenticated: false)
    }

    @Test func wrongRemoteUfragIs401() throws {
        let stranger = Fixture.credentials(ufrag: "strn", password: Fixture.client.password)
        let check = Fixture.check(local: stranger)
        try expectRejected(
            check.serialized(), check: check, error: .remoteUfragMismatch("strn"), code: 401, authenticated: false)
    }

    @Test func wrongPasswordIs401() throws {
        let wrongKey = Fixture.credentials(ufrag: Fixture.server.ufrag, password: "notTheServerPasswordAtAll")
        let check = Fixture.check(remote: wrongKey)
        // The server's answer carries no MESSAGE-INTEGRITY, so the client's
        // (wrong) key does not matter for reading it.
        try expectRejected(check.serialized(), check: check, error: .integrityMismatch, code: 401, authenticated: false)
    }

    @Test func missingMessageIntegrityIs400() throws {
        let check = Fixture.check()
        let datagram = check.request.serialized(fingerprint: true)
        try expectRejected(datagram, check: check, error: .missingMessageIntegrity, code: 400, authenticated: false)
    }

    @Test func missingUsernameIs400() throws {
        let check = Fixture.check()
        var request = check.request
        request.attributes.removeAll { $0.type == .username }
        let datagram = request.serialized(integrityKey: .shortTerm(password: Fixture.server.password), fingerprint: true)
        try expectRejected(datagram, check: check, error: .missingUsername, code: 400, authenticated: false)
    }

    @Test func malformedUsernameIs401() throws {
        let check = Fixture.check()
        var request = check.request
        request.attributes = request.attributes.map { $0.type == .username ? .username("srvU1234") : $0 }
        let datagram = request.serialized(integrityKey: .shortTerm(password: Fixture.server.password), fingerprint: true)
        try expectRejected(datagram, check: check, error: .malformedUsername, code: 401, authenticated: false)
    }

    @Test func unknownComprehensionRequiredAttributeIs420() throws {
        let check = Fixture.check()
        var request = check.request
        let unknown = STUNAttributeType(rawValue: 0x7F01)
        request.attributes.append(.unknown(type: unknown, value: [1, 2, 3]))
        // Comprehension-optional unknowns are fine and not listed.
        request.attributes.append(.unknown(type: STUNAttributeType(rawValue: 0xC001), value: [4]))
        let datagram = request.serialized(integrityKey: .shortTerm(password: Fixture.server.password), fingerprint: true)
        try expectRejected(
            datagram, check: check, error: .unknownComprehensionRequired([unknown]), code: 420, authenticated: true,
            unknown: [unknown])
        var agent = Fixture.agent()
        let reply = try Fixture.parse(agent.handleDatagram(datagram, from: Fixture.clientV4, now: Fixture.at(1)).reply)
        #expect(reply.unknownAttributes == [unknown])
    }

    @Test func controlledPeerIs487WhateverItsTieBreaker() throws {
        for tieBreaker in [UInt64.min, 1, UInt64.max] {
            let check = Fixture.check(useCandidate: true)
            let request = STUNMessage.bindingRequest(
                transactionID: check.transactionID, username: "srvU1234:cLi9", priority: 1,
                role: .controlled(tieBreaker: tieBreaker), useCandidate: true)
            let datagram = request.serialized(integrityKey: .shortTerm(password: Fixture.server.password), fingerprint: true)
            try expectRejected(
                datagram, check: check, error: .roleConflict(tieBreaker: tieBreaker), code: 487, authenticated: true)
        }
    }

    @Test func wrongFingerprintIsDroppedSilently() {
        var bytes = Array(Fixture.check().serialized().readableBytesView)
        bytes[bytes.count - 1] ^= 0x01
        var agent = Fixture.agent()
        let response = agent.handleDatagram(ByteBuffer(bytes: bytes), from: Fixture.clientV4, now: Fixture.at(1))
        #expect(response == ICEResponse(reply: nil, rejection: .badFingerprint))
        #expect(agent.counters.badFingerprint == 1)
        #expect(agent.state == .new)
    }

    @Test func checkWithoutFingerprintIsAccepted() throws {
        let check = Fixture.check()
        let datagram = check.request.serialized(integrityKey: .shortTerm(password: Fixture.server.password))
        var agent = Fixture.agent()
        #expect(agent.handleDatagram(datagram, from: Fixture.clientV4, now: Fixture.at(1)).isValid)
    }

    @Test func responsesAndIndicationsAreDroppedSilently() {
        var agent = Fixture.agent()
        for type in [STUNMessageType.bindingSuccess, .bindingError, .bindingIndication] {
            var message = Fixture.check().request
            message.type = type
            let datagram = message.serialized(integrityKey: .shortTerm(password: Fixture.server.password), fingerprint: true)
            let response = agent.handleDatagram(datagram, from: Fixture.clientV4, now: Fixture.at(1))
            #expect(response == ICEResponse(reply: nil, rejection: .notBindingRequest(type)))
        }
        #expect(agent.counters.notBindingRequest == 3)
        #expect(agent.state == .new)
    }

    @Test func useCandidateAfterMessageIntegrityIsIgnored() throws {
        // An attacker on the path appends USE-CANDIDATE after the integrity
        // check: RFC 8489 §14.5 says it is not covered and must not count.
        let check = Fixture.check()
        var bytes = check.request.serialized(integrityKey: .shortTerm(password: Fixture.server.password))
        bytes.writeInteger(STUNAttributeType.useCandidate.rawValue)
        bytes.writeInteger(UInt16(0))
        bytes.setInteger(UInt16(bytes.readableBytes - STUNMessage.headerSize), at: 2)
        var agent = Fixture.agent()
        let response = agent.handleDatagram(bytes, from: Fixture.clientV4, now: Fixture.at(1))
        #expect(response.isValid)
        #expect(response.action == nil)
        #expect(agent.selectedAddress == nil)
    }

    @Test func sha256IntegrityIsAnsweredInKind() throws {
        let check = Fixture.check()
        let key = STUNKey.shortTerm(password: Fixture.server.password)
        let datagram = check.request.serialized(integritySHA256Key: key, fingerprint: true)
        var agent = Fixture.agent()
        let response = agent.handleDatagram(datagram, from: Fixture.clientV4, now: Fixture.at(1))
        #expect(response.isValid)
        let reply = try Fixture.parse(response.reply)
        #expect(reply.checkMessageIntegritySHA256(key: key) == .valid)
        #expect(reply.checkMessageIntegrity(key: key) == .absent)
    }

    @Test func earlyChecksBeforeRemoteCredentialsAreAnswered() throws {
        var agent = Fixture.agent(remoteKnown: false)
        let check = Fixture.check(useCandidate: true)
        let response = agent.receive(check, from: Fixture.clientV4, at: 1)
        #expect(try check.validateResponse(try #require(response.reply)).mappedAddress == STUNAddress(Fixture.clientV4))
        // No probe without the peer's password to key it: the nomination
        // waits for a check after the SDP.
        #expect(response.probe == nil)
        #expect(agent.state == .checking)

        // Once the SDP arrives, the USERNAME's remote part is checked too.
        agent.setRemoteCredentials(Fixture.credentials(ufrag: "late", password: "lateClientPasswordXXXXX"))
        let after = agent.receive(Fixture.check(), from: Fixture.clientV4, at: 2)
        #expect(after.rejection == .remoteUfragMismatch("cLi9"))
        #expect(agent.lastConsent == Fixture.at(1))
    }

    @Test func unixDomainSourceIsDropped() throws {
        var agent = Fixture.agent()
        let unix = try SocketAddress(unixDomainSocketPath: "/tmp/switchboard-test.sock")
        let response = agent.receive(Fixture.check(), from: unix, at: 1)
        #expect(response == ICEResponse(reply: nil, rejection: .unsupportedAddress))
        #expect(agent.state == .new)
    }
}

/// The bot side: ICEConnectivityCheck's request and its validator.
@Suite struct ICEConnectivityCheckTests {
    @Test func requestCarriesTheICEAttributes() throws {
        let check = Fixture.check(useCandidate: true)
        let message = try STUNMessage(parsing: check.serialized())
        #expect(message.type == .bindingRequest)
        #expect(message.username == "srvU1234:cLi9")
        #expect(message.priority == ICECandidateType.peerReflexive.priority())
        #expect(message.iceControlling == Fixture.tieBreaker)
        #expect(message.iceControlled == nil)
        #expect(message.useCandidate)
        #expect(message.attributes.suffix(2).map(\.type) == [.messageIntegrity, .fingerprint])
        #expect(message.checkMessageIntegrity(key: .shortTerm(password: Fixture.server.password)) == .valid)
        #expect(message.checkFingerprint() == .valid)
        #expect(!(try STUNMessage(parsing: Fixture.check().serialized())).useCandidate)
    }

    private func success(to check: ICEConnectivityCheck, password: String = Fixture.server.password, fingerprint: Bool = true)
        -> ByteBuffer
    {
        STUNMessage.bindingSuccess(to: check.request, mappedAddress: STUNAddress(ipv4: 192, 0, 2, 10, port: 9))
            .serialized(integrityKey: .shortTerm(password: password), fingerprint: fingerprint)
    }

    @Test func validatorRejectsWhatItShould() throws {
        let check = Fixture.check()
        #expect(try check.validateResponse(success(to: check)).mappedAddress == STUNAddress(ipv4: 192, 0, 2, 10, port: 9))

        let other = Fixture.check()
        #expect(throws: ICEError.transactionMismatch(expected: check.transactionID, received: other.transactionID)) {
            try check.validateResponse(success(to: other))
        }
        #expect(throws: ICEError.integrityMismatch) {
            try check.validateResponse(success(to: check, password: Fixture.client.password))
        }
        #expect(throws: ICEError.missingFingerprint) { try check.validateResponse(success(to: check, fingerprint: false)) }
        #expect(throws: ICEError.notBindingResponse(.bindingRequest)) { try check.validateResponse(check.serialized()) }

        let noIntegrity = STUNMessage.bindingSuccess(to: check.request, mappedAddress: STUNAddress(ipv4: 1, 2, 3, 4, port: 5))
        #expect(throws: ICEError.missingMessageIntegrity) {
            try check.validateResponse(noIntegrity.serialized(fingerprint: true))
        }
        let noAddress = STUNMessage(type: .bindingSuccess, transactionID: check.transactionID)
        #expect(throws: ICEError.missingMappedAddress) {
            try check.validateResponse(
                noAddress.serialized(integrityKey: .shortTerm(password: Fixture.server.password), fingerprint: true))
        }
        #expect(throws: ICEError.malformed(.truncated(at: 0, need: 20))) { try check.validateResponse(ByteBuffer()) }
    }
}
