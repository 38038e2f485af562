import NIOCore
import STUN
import TestSupport

@testable import ICELite

/// Credentials, addresses and a manual clock shared by the ICELite tests.
enum Fixture {
    static let server = credentials(ufrag: "srvU1234", password: "serverPasswordServerPw+/")
    static let client = credentials(ufrag: "cLi9", password: "clientPasswordClientPw12")
    static let tieBreaker: UInt64 = 0x1122_3344_5566_7788

    static let clientV4 = address("192.0.2.10", 40000)
    static let clientV4Moved = address("198.51.100.7", 41000)
    static let clientV6 = address("2001:db8::42", 50123)

    static func credentials(ufrag: String, password: String) -> ICECredentials {
        do { return try ICECredentials(ufrag: ufrag, password: password) } catch {
            fatalError("fixture credentials rejected: \(error)")
        }
    }

    static func address(_ ip: String, _ port: Int) -> SocketAddress {
        do { return try SocketAddress(ipAddress: ip, port: port) } catch { fatalError("bad fixture address \(ip)") }
    }

    /// The manual clock: a deadline `seconds` after an arbitrary origin.
    static func at(_ seconds: Double) -> NIODeadline {
        .uptimeNanoseconds(1_000_000_000_000 + UInt64(seconds * 1_000_000_000))
    }

    /// A server-side agent created at time 0.
    static func agent(
        remoteKnown: Bool = true, consentTimeout: TimeAmount = ICELiteAgent.defaultConsentTimeout
    ) -> ICELiteAgent {
        ICELiteAgent(
            localCredentials: server, remoteCredentials: remoteKnown ? client : nil, consentTimeout: consentTimeout,
            now: at(0))
    }

    /// A controlling check from the client to the server.
    static func check(
        useCandidate: Bool = false, transactionID: STUNTransactionID = .random(),
        local: ICECredentials = client, remote: ICECredentials = server
    ) -> ICEConnectivityCheck {
        ICEConnectivityCheck(
            transactionID: transactionID, localCredentials: local, remoteCredentials: remote,
            tieBreaker: tieBreaker, useCandidate: useCandidate)
    }

    /// Parses bytes the code under test produced.
    static func parse(_ buffer: ByteBuffer?) throws -> STUNMessage {
        guard let buffer else { throw FixtureError.noReply }
        return try STUNMessage(parsing: buffer)
    }

    enum FixtureError: Error { case noReply }
}

extension ICELiteAgent {
    /// Sends `check` as bytes, as the I/O layer would.
    mutating func receive(_ check: ICEConnectivityCheck, from source: SocketAddress, at seconds: Double)
        -> ICEResponse
    {
        handleDatagram(check.serialized(), from: source, now: Fixture.at(seconds))
    }

    /// A nominating check from `source` and, when it draws a probe, the
    /// peer's answer to it from there: how a real peer gets an address
    /// selected. The action of the step that acted.
    mutating func nominate(from source: SocketAddress, at seconds: Double) -> ICELiteAction? {
        let response = receive(Fixture.check(useCandidate: true), from: source, at: seconds)
        guard let probe = response.probe else { return response.action }
        return answer(probe, from: source, at: seconds).action
    }

    /// The peer (the fixture's client) answering `probe` at `source`.
    mutating func answer(_ probe: ICEConnectivityCheck, from source: SocketAddress, at seconds: Double)
        -> ICEResponse
    {
        guard let reply = Fixture.peerAnswer(to: probe), let message = try? STUNMessage(parsing: reply) else {
            fatalError("the fixture's client refused the probe")
        }
        return handleBindingResponse(message, from: source, now: Fixture.at(seconds))
    }
}

extension Fixture {
    /// The server's address as the client sees it.
    static let serverAddress = address("203.0.113.1", 3478)

    /// What the client's agent answers to a probe; nil when it refuses it.
    static func peerAnswer(to probe: ICEConnectivityCheck, credentials: ICECredentials = client) -> ByteBuffer? {
        let peer = ICEControllingAgent(localCredentials: credentials, remoteCredentials: server, now: at(0))
        guard let request = try? STUNMessage(parsing: probe.serialized()) else { return nil }
        return peer.answer(request, from: serverAddress)
    }
}

/// The parts of an agent's state that bad input must not change.
struct AgentSnapshot: Equatable {
    var state: ICELiteAgent.State
    var selectedAddress: SocketAddress?
    var candidateAddresses: [SocketAddress]
    var lastConsent: NIODeadline
    var valid: UInt64

    init(_ agent: ICELiteAgent) {
        state = agent.state
        selectedAddress = agent.selectedAddress
        candidateAddresses = agent.candidateAddresses
        lastConsent = agent.lastConsent
        valid = agent.counters.valid
    }
}
