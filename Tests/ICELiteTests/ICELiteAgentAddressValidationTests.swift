import NIOCore
import STUN
import Testing

@testable import ICELite

/// A peer knows its own password, so it can sign a nomination from any
/// spoofed source: the selected address moves only to an address that
/// answered the agent's own probe.
@Suite struct ICELiteAgentAddressValidationTests {
    static let victim = Fixture.address("198.51.100.99", 5000)

    @Test func spoofedNominationDoesNotMoveTheSelectedAddress() throws {
        var agent = Fixture.agent()
        #expect(agent.nominate(from: Fixture.clientV4, at: 1) == .selected(Fixture.clientV4))

        // The peer signs nominations with the victim's address as source.
        let spoofed = agent.receive(Fixture.check(useCandidate: true), from: Self.victim, at: 5)
        #expect(spoofed.isValid && spoofed.action == nil)
        let probe = try #require(spoofed.probe)
        // More of them within the probe interval draw no more probes.
        #expect(agent.receive(Fixture.check(useCandidate: true), from: Self.victim, at: 5.1).probe == nil)
        #expect(agent.selectedAddress == Fixture.clientV4)
        #expect(agent.lastConsent == Fixture.at(1), "spoofed checks grant no consent")

        // The spoofer never sees the probe, so it can only guess: a success
        // for its own check's transaction, or the probe's from its own address.
        let ownCheck = Fixture.check()
        let guess = STUNMessage.bindingSuccess(to: ownCheck.request, mappedAddress: STUNAddress(Fixture.serverAddress)!)
        let guessed = agent.handleBindingResponse(
            try Fixture.parse(guess.serialized(integrityKey: .shortTerm(password: Fixture.client.password), fingerprint: true)),
            from: Self.victim, now: Fixture.at(5.2))
        #expect(guessed.rejection == .unknownTransaction(ownCheck.transactionID))
        let answer = try #require(Fixture.peerAnswer(to: probe))
        let wrongSource = agent.handleBindingResponse(try Fixture.parse(answer), from: Fixture.clientV4, now: Fixture.at(5.2))
        #expect(wrongSource.rejection == .unknownTransaction(probe.transactionID))
        // The victim does not know the peer's credentials: at best a 401.
        let refusal = STUNMessage.errorResponse(to: probe.request, error: .unauthenticated).serialized(fingerprint: true)
        let refused = agent.handleBindingResponse(try Fixture.parse(refusal), from: Self.victim, now: Fixture.at(5.3))
        #expect(refused.rejection == .errorResponse(.unauthenticated, unknownAttributes: [], authenticated: false))

        #expect(agent.selectedAddress == Fixture.clientV4)
        #expect(agent.validation.isValidated(Self.victim, now: Fixture.at(6)) == false)
        #expect(agent.counters.nominationsDeferred == 3, "the first nomination waited too")
        #expect(agent.counters.probeResponsesRejected == 3)
        #expect(agent.counters.addressChanges == 0)
    }

    @Test func spoofedFirstNominationSelectsNothing() throws {
        var agent = Fixture.agent()
        let spoofed = agent.receive(Fixture.check(useCandidate: true), from: Self.victim, at: 1)
        #expect(spoofed.probe != nil && spoofed.action == nil)
        #expect(agent.selectedAddress == nil)
        #expect(agent.state == .checking)
        // The peer's own address, proven, is selected when it nominates it.
        #expect(agent.nominate(from: Fixture.clientV4, at: 2) == .selected(Fixture.clientV4))
    }

    @Test func pathSwitchAfterANetworkChangeMovesAtOnce() throws {
        // Chromium pings a new network path first and renominates it once
        // its pings succeed: by then the probe has proven the address.
        var agent = Fixture.agent()
        _ = agent.nominate(from: Fixture.clientV4, at: 1)
        let ping = agent.receive(Fixture.check(), from: Fixture.clientV4Moved, at: 10)
        #expect(ping.action == nil)
        let proven = agent.answer(try #require(ping.probe), from: Fixture.clientV4Moved, at: 10.05)
        #expect(proven.action == .validated(Fixture.clientV4Moved))
        #expect(agent.selectedAddress == Fixture.clientV4)

        let renomination = agent.receive(Fixture.check(useCandidate: true), from: Fixture.clientV4Moved, at: 10.5)
        #expect(renomination.probe == nil)
        #expect(renomination.action == .selectedAddressChanged(from: Fixture.clientV4, to: Fixture.clientV4Moved))
        #expect(agent.lastConsent == Fixture.at(10.5))
        // And back: the old address is still proven within the consent time.
        let back = agent.receive(Fixture.check(useCandidate: true), from: Fixture.clientV4, at: 11)
        #expect(back.action == .selectedAddressChanged(from: Fixture.clientV4Moved, to: Fixture.clientV4))
    }

    @Test func lostProbeIsResentOnALaterCheck() throws {
        var agent = Fixture.agent()
        _ = agent.nominate(from: Fixture.clientV4, at: 1)
        let first = try #require(agent.receive(Fixture.check(useCandidate: true), from: Fixture.clientV4Moved, at: 5).probe)
        let second = try #require(agent.receive(Fixture.check(), from: Fixture.clientV4Moved, at: 5.25).probe)
        #expect(second.transactionID != first.transactionID)
        // The nomination seen with the first probe still counts.
        let answered = agent.answer(second, from: Fixture.clientV4Moved, at: 5.3)
        #expect(answered.action == .selectedAddressChanged(from: Fixture.clientV4, to: Fixture.clientV4Moved))
    }

    @Test func proofLastsTheConsentTimeout() throws {
        var agent = Fixture.agent(consentTimeout: .seconds(30))
        _ = agent.nominate(from: Fixture.clientV4, at: 1)
        let ping = agent.receive(Fixture.check(), from: Fixture.clientV4Moved, at: 2)
        _ = agent.answer(try #require(ping.probe), from: Fixture.clientV4Moved, at: 2)
        _ = agent.receive(Fixture.check(), from: Fixture.clientV4, at: 20)
        // 31 s after the proof, the address must answer again.
        let late = agent.receive(Fixture.check(useCandidate: true), from: Fixture.clientV4Moved, at: 33)
        #expect(late.action == nil && late.probe != nil)
        #expect(agent.selectedAddress == Fixture.clientV4)
    }

    @Test func probesAndProofsAreBounded() throws {
        var agent = Fixture.agent()
        for port in 0..<20 {
            let source = Fixture.address("192.0.2.1", 1000 + port)
            let response = agent.receive(Fixture.check(useCandidate: true), from: source, at: 1)
            if port.isMultiple(of: 2) { _ = agent.answer(try #require(response.probe), from: source, at: 1) }
        }
        #expect(agent.validation.probes.count <= ICEAddressValidation.maxProbes)
        #expect(agent.validation.proofs.count == ICEAddressValidation.maxValidated)
        #expect(agent.candidateAddresses.count == ICELiteAgent.maxCandidateAddresses)
    }

    @Test func theClientAnswersOnlyItsOwnProbes() throws {
        let check = ICEConnectivityCheck(
            localCredentials: Fixture.server, remoteCredentials: Fixture.client, tieBreaker: 9, useCandidate: false,
            controlled: true)
        let answer = try #require(Fixture.peerAnswer(to: check))
        let success = try check.validateResponse(answer)
        #expect(success.mappedAddress == STUNAddress(Fixture.serverAddress))
        // Another client's credentials, or a probe keyed with the wrong password.
        #expect(Fixture.peerAnswer(to: check, credentials: Fixture.credentials(ufrag: "cLi9", password: "someOtherPasswordOfAClient")) == nil)
        let stranger = Fixture.credentials(ufrag: "othr", password: "anotherClientPasswordXYZ")
        #expect(Fixture.peerAnswer(to: check, credentials: stranger) == nil)
    }
}
