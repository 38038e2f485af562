import NIOCore
import STUN
import TestSupport
import Testing

@testable import ICELite

/// ICE restart (RFC 8445 §9): new credentials on both sides; media keeps
/// its address until the peer nominates again.
@Suite struct ICELiteAgentRestartTests {
    static let newServer = Fixture.credentials(ufrag: "srvNew99", password: "newServerPasswordNewSrv1")
    static let newClient = Fixture.credentials(ufrag: "cNew", password: "newClientPasswordNewCli1")

    @Test func onlyTheNewCredentialsCountAfterARestart() {
        var agent = Fixture.agent()
        _ = agent.nominate(from: Fixture.clientV4, at: 1)
        agent.restart(localCredentials: Self.newServer, remoteCredentials: Self.newClient)
        #expect(agent.localCredentials == Self.newServer && agent.remoteCredentials == Self.newClient)
        // Media keeps flowing to the selected address meanwhile.
        #expect(agent.selectedAddress == Fixture.clientV4 && agent.state == .connected)

        let old = agent.receive(Fixture.check(), from: Fixture.clientV4, at: 2)
        #expect(!old.isValid)
        let fresh = agent.receive(
            Fixture.check(useCandidate: true, local: Self.newClient, remote: Self.newServer), from: Fixture.clientV4,
            at: 3)
        #expect(fresh.isValid && fresh.reply != nil)
        #expect(agent.lastConsent == Fixture.at(3))
    }

    @Test func aFinalAgentStaysFinal() {
        var agent = Fixture.agent()
        agent.close()
        agent.restart(localCredentials: Self.newServer, remoteCredentials: Self.newClient)
        #expect(agent.state == .closed && agent.localCredentials == Fixture.server)
    }
}
