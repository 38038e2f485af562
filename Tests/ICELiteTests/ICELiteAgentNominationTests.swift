import NIOCore
import STUN
import TestSupport
import Testing

@testable import ICELite

/// Nomination, address changes, consent freshness and the agent's life.
@Suite struct ICELiteAgentNominationTests {
    @Test func checksWithoutUseCandidateSelectNothing() {
        var agent = Fixture.agent()
        #expect(agent.receive(Fixture.check(), from: Fixture.clientV4, at: 1).action == nil)
        #expect(agent.receive(Fixture.check(), from: Fixture.clientV6, at: 2).action == nil)
        #expect(agent.state == .checking)
        #expect(agent.selectedAddress == nil)
        #expect(agent.candidateAddresses == [Fixture.clientV4, Fixture.clientV6])
    }

    @Test func useCandidateBindsTheAddressOnceProven() throws {
        var agent = Fixture.agent()
        _ = agent.receive(Fixture.check(), from: Fixture.clientV6, at: 1)
        let response = agent.receive(Fixture.check(useCandidate: true), from: Fixture.clientV4, at: 2)
        // Answered, and probed: nothing is selected before the address answers.
        #expect(response.isValid && response.reply != nil)
        #expect(response.action == nil)
        let probe = try #require(response.probe)
        #expect(agent.selectedAddress == nil)
        #expect(agent.state == .checking)
        #expect(agent.counters.nominationsDeferred == 1)

        #expect(agent.answer(probe, from: Fixture.clientV4, at: 2.05).action == .selected(Fixture.clientV4))
        #expect(agent.state == .connected)
        #expect(agent.selectedAddress == Fixture.clientV4)
        #expect(agent.lastConsent == Fixture.at(2.05))
        // Nominating the same address again changes nothing and probes nothing.
        let again = agent.receive(Fixture.check(useCandidate: true), from: Fixture.clientV4, at: 3)
        #expect(again.action == nil && again.probe == nil)
        #expect(agent.counters.nominating == 2)
        #expect(agent.counters.addressesValidated == 1)
    }

    @Test func nominatingCheckFromANewAddressMovesItOnceProven() throws {
        var agent = Fixture.agent()
        _ = agent.nominate(from: Fixture.clientV4, at: 1)

        // NAT rebinding: the next check comes from a new address, nominating.
        // It does not refresh consent for the selected pair until proven.
        let move = agent.receive(Fixture.check(useCandidate: true), from: Fixture.clientV4Moved, at: 6)
        #expect(move.isValid && move.action == nil)
        #expect(agent.selectedAddress == Fixture.clientV4)
        #expect(agent.lastConsent == Fixture.at(1))

        let answered = agent.answer(try #require(move.probe), from: Fixture.clientV4Moved, at: 6.1)
        #expect(answered.action == .selectedAddressChanged(from: Fixture.clientV4, to: Fixture.clientV4Moved))
        #expect(agent.selectedAddress == Fixture.clientV4Moved)
        #expect(agent.state == .connected)
        #expect(agent.lastConsent == Fixture.at(6.1))
        #expect(agent.counters.addressChanges == 1)

        // The old address no longer grants consent.
        _ = agent.receive(Fixture.check(), from: Fixture.clientV4, at: 7)
        #expect(agent.lastConsent == Fixture.at(6.1))
    }

    @Test func candidateAddressesAreBounded() {
        var agent = Fixture.agent()
        for port in 0..<20 {
            _ = agent.receive(Fixture.check(), from: Fixture.address("192.0.2.1", 1000 + port), at: 1)
        }
        #expect(agent.candidateAddresses.count == ICELiteAgent.maxCandidateAddresses)
        #expect(agent.candidateAddresses.last == Fixture.address("192.0.2.1", 1019))
    }

    @Test func consentExpiresAfterTheTimeout() {
        var agent = Fixture.agent(consentTimeout: .seconds(30))
        _ = agent.nominate(from: Fixture.clientV4, at: 2)
        #expect(agent.nextDeadline == Fixture.at(32))
        #expect(agent.handleTimer(now: Fixture.at(31.999)) == nil)
        #expect(agent.state == .connected)
        #expect(agent.handleTimer(now: Fixture.at(32)) == .consentExpired)
        #expect(agent.state == .expired)
        #expect(agent.nextDeadline == nil)
        // Reported once; checks afterwards are dropped without a reply.
        #expect(agent.handleTimer(now: Fixture.at(40)) == nil)
        let late = agent.receive(Fixture.check(useCandidate: true), from: Fixture.clientV4, at: 41)
        #expect(late == ICEResponse(reply: nil, rejection: .agentClosed(.expired)))
        #expect(agent.counters.afterClose == 1)
    }

    @Test func aCheckAfterTheDeadlineCannotRevive() {
        var agent = Fixture.agent(consentTimeout: .seconds(5))
        _ = agent.nominate(from: Fixture.clientV4, at: 1)
        // The timer has not fired yet, but the deadline (6 s) has passed.
        let response = agent.receive(Fixture.check(useCandidate: true), from: Fixture.clientV4, at: 6.5)
        #expect(response.action == .consentExpired)
        #expect(response.reply == nil)
        #expect(agent.state == .expired)
    }

    @Test func consentRunsFromCreation() {
        var agent = Fixture.agent(consentTimeout: .seconds(10))
        #expect(agent.nextDeadline == Fixture.at(10))
        #expect(agent.handleTimer(now: Fixture.at(10)) == .consentExpired)
        #expect(agent.state == .expired)
    }

    @Test func periodicChecksKeepConsentForMinutes() {
        var agent = Fixture.agent(consentTimeout: .seconds(30))
        var now = 0.0
        _ = agent.nominate(from: Fixture.clientV4, at: now)
        // Ten minutes of checks every 4 s, the timer run every second.
        while now < 600 {
            now += 1
            #expect(agent.handleTimer(now: Fixture.at(now)) == nil)
            if now.truncatingRemainder(dividingBy: 4) == 0 {
                #expect(agent.receive(Fixture.check(), from: Fixture.clientV4, at: now).isValid)
            }
        }
        #expect(agent.state == .connected)
        #expect(agent.counters.valid == 151)
        // Then the peer goes quiet.
        #expect(agent.handleTimer(now: Fixture.at(600 + 29)) == nil)
        #expect(agent.handleTimer(now: Fixture.at(600 + 30)) == .consentExpired)
    }

    @Test func rejectedChecksDoNotRefreshConsent() {
        var agent = Fixture.agent(consentTimeout: .seconds(30))
        _ = agent.nominate(from: Fixture.clientV4, at: 0)
        let wrongKey = Fixture.credentials(ufrag: Fixture.server.ufrag, password: "notTheServerPasswordAtAll")
        for second in stride(from: 5.0, to: 30, by: 5) {
            #expect(!agent.receive(Fixture.check(remote: wrongKey), from: Fixture.clientV4, at: second).isValid)
        }
        #expect(agent.handleTimer(now: Fixture.at(30)) == .consentExpired)
    }

    @Test func closeIsFinal() {
        var agent = Fixture.agent()
        _ = agent.nominate(from: Fixture.clientV4, at: 1)
        agent.close()
        #expect(agent.state == .closed)
        #expect(agent.nextDeadline == nil)
        #expect(agent.handleTimer(now: Fixture.at(100)) == nil)
        #expect(agent.receive(Fixture.check(), from: Fixture.clientV4, at: 2).rejection == .agentClosed(.closed))
        agent.close()
        #expect(agent.state == .closed)
    }
}
