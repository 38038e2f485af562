import NIOCore
import STUN
import TestSupport
import Testing

@testable import ICELite

/// Checks that arrive on an established TCP connection (RFC 6544): the
/// handshake proved the source receives, so no probe is needed.
@Suite struct ICELiteAgentStreamCheckTests {
    @Test func aNominationOnAStreamSelectsAtOnce() throws {
        var agent = Fixture.agent()
        let check = Fixture.check(useCandidate: true)
        let response = agent.handleBindingRequest(
            try STUNMessage(parsing: check.serialized()), from: Fixture.clientV4, now: Fixture.at(1),
            sourceIsProven: true)
        #expect(response.isValid && response.reply != nil)
        #expect(response.probe == nil)
        #expect(response.action == .selected(Fixture.clientV4))
        #expect(agent.counters.nominationsDeferred == 0)
    }

    @Test func aBadCheckOnAStreamIsStillRejected() throws {
        var agent = Fixture.agent()
        let wrong = Fixture.check(useCandidate: true, local: Fixture.client, remote: Fixture.client)
        let response = agent.handleBindingRequest(
            try STUNMessage(parsing: wrong.serialized()), from: Fixture.clientV4, now: Fixture.at(1),
            sourceIsProven: true)
        #expect(!response.isValid)
        #expect(response.action == nil)
        #expect(agent.selectedAddress == nil)
    }
}
