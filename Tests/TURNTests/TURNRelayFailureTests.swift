import NIOCore
import STUN
import TestSupport
import Testing

@testable import TURN

/// A relay port the owner cannot bind (another process holds it): the
/// allocation moves to the next free port and its Allocate is answered
/// with that one, so a TCP client, which never retransmits, still gets an
/// answer; when no port will do, 508.
@Suite struct TURNRelayFailureTests {
    @Test func aPortHeldElsewhereIsReplacedAndTheAllocateAnsweredWithTheNext() throws {
        var harness = TURNHarness()
        harness.fiveTuple = TURNHarness.tuple(clientPort: 5000, transport: .tcp)
        let (first, actions) = harness.request(.allocate, [.requestedTransport()])
        let firstAnswer = try #require(first)
        let taken = try #require(try firstAnswer.xorRelayedAddress())
        #expect(actions.first == .openRelay(taken, fiveTuple: harness.fiveTuple))

        let retry = harness.server.relayFailed(taken, now: harness.clock.now)
        guard case .openRelay(let next, let fiveTuple)? = retry.first else {
            Issue.record("no new relay opened: \(retry)")
            return
        }
        #expect(next != taken && fiveTuple == harness.fiveTuple)
        let answer = try #require(TURNHarness.messages(in: retry).first)
        #expect(answer.type == STUNMessageType(method: .allocate, messageClass: .successResponse))
        #expect(try answer.xorRelayedAddress() == next)
        #expect(answer.checkMessageIntegrity(key: harness.key) == .valid)
        #expect(harness.server.counters.relayRetries == 1)
        #expect(harness.server.counters.allocationsActive == 1)
        // The allocation lives on the new port; a Refresh finds it.
        let refreshed = try #require(harness.request(.refresh, [.lifetime(300)]).response)
        #expect(refreshed.type.messageClass == .successResponse)
    }

    @Test func afterEveryPortFailsTheAllocateIs508() throws {
        var harness = TURNHarness()
        let (first, _) = harness.request(.allocate, [.requestedTransport()])
        let firstAnswer = try #require(first)
        var relay = try #require(try firstAnswer.xorRelayedAddress())
        var last: [TURNAction] = []
        for _ in 1..<TURNServer.maxRelayAttempts {
            last = harness.server.relayFailed(relay, now: harness.clock.now)
            guard case .openRelay(let next, _)? = last.first else { break }
            relay = next
        }
        last = harness.server.relayFailed(relay, now: harness.clock.now)
        let refusal = try #require(TURNHarness.messages(in: last).first)
        #expect(refusal.errorCode?.code == 508)
        #expect(harness.server.counters.allocationsFailed == 1)
        #expect(harness.server.counters.allocationsActive == 0)
        #expect(last.contains(.releaseRelay(relay)))
    }

    @Test func anAllocationThatAskedForAnEvenPortGetsAnEvenOneAgain() throws {
        var harness = TURNHarness()
        let (first, _) = harness.request(.allocate, [.requestedTransport(), .evenPort(reserveNext: false)])
        let firstAnswer = try #require(first)
        let taken = try #require(try firstAnswer.xorRelayedAddress())
        #expect(taken.port % 2 == 0)
        let retry = harness.server.relayFailed(taken, now: harness.clock.now)
        guard case .openRelay(let next, _)? = retry.first else {
            Issue.record("no new relay opened: \(retry)")
            return
        }
        #expect(next.port % 2 == 0 && next != taken)
    }
}
