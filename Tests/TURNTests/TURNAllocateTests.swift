import NIOCore
import STUN
import TestSupport
import Testing

@testable import TURN

/// Allocate, Refresh and expiry (RFC 8656 §7, §8).
@Suite struct TURNAllocateTests {
    @Test func unauthenticatedAllocateIsChallengedThenSucceeds() throws {
        var harness = TURNHarness()
        let challenge = try #require(harness.request(.allocate, [.requestedTransport()], authenticate: false).response)
        #expect(challenge.type == STUNMessageType(method: .allocate, messageClass: .errorResponse))
        #expect(challenge.errorCode?.code == 401)
        #expect(challenge.realm == TURNHarness.realm)
        #expect(challenge.nonce?.isEmpty == false)

        let (success, actions) = harness.request(.allocate, [.requestedTransport()])
        let response = try #require(success)
        #expect(response.type == STUNMessageType(method: .allocate, messageClass: .successResponse))
        #expect(response.checkMessageIntegrity(key: harness.key) == .valid)
        let relay = try #require(try response.xorRelayedAddress())
        #expect(relay == STUNAddress(ipv4: 203, 0, 113, 1, port: 50000))
        #expect(try response.lifetime() == 600)
        #expect(response.xorMappedAddress == harness.fiveTuple.client)
        #expect(actions.first == .openRelay(relay, fiveTuple: harness.fiveTuple))
        #expect(harness.server.counters.allocationsCreated == 1)
        #expect(harness.server.counters.allocationsActive == 1)
        #expect(harness.server.counters.refusals[401] == 1)
    }

    @Test func retransmittedAllocateIsAnsweredAgainOtherwiseMismatch() throws {
        var harness = TURNHarness()
        _ = harness.allocate()
        let transactionID = STUNTransactionID.random()
        let first = try #require(harness.request(.allocate, [.requestedTransport()], transactionID: transactionID).response)
        #expect(first.errorCode?.code == 437)

        var other = TURNHarness()
        let id = STUNTransactionID.random()
        let original = try #require(other.request(.allocate, [.requestedTransport()], transactionID: id).response)
        let again = try #require(other.request(.allocate, [.requestedTransport()], transactionID: id).response)
        #expect(again.type.messageClass == .successResponse)
        #expect(try again.xorRelayedAddress() == original.xorRelayedAddress())
        #expect(other.server.allocationCount == 1)
    }

    @Test func staleNonceIs438WithAFreshOne() throws {
        var harness = TURNHarness()
        _ = harness.request(.allocate, [.requestedTransport()], authenticate: false)
        let old = harness.nonce
        harness.clock.advance(.seconds(601))
        let staleAnswer = harness.allocate()
        let stale = try #require(staleAnswer)
        #expect(stale.errorCode?.code == 438)
        #expect(stale.realm == TURNHarness.realm)
        #expect(stale.nonce != nil && stale.nonce != old)
        let retriedAnswer = harness.allocate()
        let retried = try #require(retriedAnswer)
        #expect(retried.type.messageClass == .successResponse)
    }

    @Test func expiredOrWrongCredentialsAre401() throws {
        var harness = TURNHarness()
        harness.credentials = TURNCredentials.make(
            participant: "alice", secret: TURNHarness.secret, unixTime: harness.unixTime - 7200, validFor: 3600)
        #expect(harness.allocate()?.errorCode?.code == 401)
        harness.credentials = TURNCredentials(username: "1800000000:alice", password: "guess", expiresAt: 1_800_000_000)
        #expect(harness.allocate()?.errorCode?.code == 401)
        harness.credentials = TURNCredentials(username: "alice", password: "x", expiresAt: 0)
        #expect(harness.allocate()?.errorCode?.code == 401)
        #expect(harness.server.allocationCount == 0)
    }

    @Test func onlyUDPRelaysAreServed() throws {
        var harness = TURNHarness()
        #expect(harness.request(.allocate, [.requestedTransport(6)]).response?.errorCode?.code == 442)
        #expect(harness.request(.allocate).response?.errorCode?.code == 400)
        #expect(harness.request(.allocate, [.requestedTransport(), .dontFragment]).response?.errorCode?.code == 420)
        let family = harness.request(.allocate, [.requestedTransport(), .requestedAddressFamily(0x02)])
        #expect(family.response?.errorCode?.code == 440)
        #expect(harness.server.allocationCount == 0)
    }

    @Test func quotasAre486() throws {
        var harness = TURNHarness { $0.maxAllocationsPerParticipant = 2; $0.maxAllocations = 3 }
        for port in UInt16(5000)...5001 {
            harness.fiveTuple = TURNHarness.tuple(clientPort: port)
            #expect(harness.allocate()?.type.messageClass == .successResponse)
        }
        harness.fiveTuple = TURNHarness.tuple(clientPort: 5002)
        #expect(harness.allocate()?.errorCode?.code == 486)

        harness.credentials = TURNCredentials.make(
            participant: "bob", secret: TURNHarness.secret, unixTime: harness.unixTime, validFor: 60)
        #expect(harness.allocate()?.type.messageClass == .successResponse)
        harness.fiveTuple = TURNHarness.tuple(clientPort: 5003)
        #expect(harness.allocate()?.errorCode?.code == 486)
        #expect(harness.server.counters.refusals[486] == 2)
    }

    @Test func refreshZeroDeletesAndLifetimesAreClamped() throws {
        var harness = TURNHarness()
        _ = harness.request(.allocate, [.requestedTransport(), .lifetime(99_999)])
        let longer = try #require(harness.request(.refresh, [.lifetime(7200)]).response)
        #expect(try longer.lifetime() == 3600)
        let shorter = try #require(harness.request(.refresh, [.lifetime(10)]).response)
        #expect(try shorter.lifetime() == 600)

        let (deleted, actions) = harness.request(.refresh, [.lifetime(0)])
        #expect(deleted?.type == STUNMessageType(method: .refresh, messageClass: .successResponse))
        #expect(try deleted?.lifetime() == 0)
        #expect(actions.contains(.releaseRelay(STUNAddress(ipv4: 203, 0, 113, 1, port: 50000))))
        #expect(harness.server.allocationCount == 0)
        #expect(harness.server.counters.allocationsDeleted == 1)
        #expect(harness.request(.refresh).response?.errorCode?.code == 437)
    }

    @Test func refreshUnderAnotherUsernameIs441() throws {
        var harness = TURNHarness()
        _ = harness.allocate()
        harness.credentials = TURNCredentials.make(
            participant: "mallory", secret: TURNHarness.secret, unixTime: harness.unixTime, validFor: 60)
        #expect(harness.request(.refresh).response?.errorCode?.code == 441)
    }

    @Test func allocationsExpireOnTheClock() throws {
        var harness = TURNHarness()
        let relay = try #require(try harness.allocate()?.xorRelayedAddress())
        #expect(harness.server.nextDeadline == harness.clock.now + .seconds(600))
        harness.clock.advance(.seconds(599))
        #expect(harness.server.expire(now: harness.clock.now).isEmpty)
        harness.clock.advance(.seconds(1))
        #expect(harness.server.expire(now: harness.clock.now) == [.releaseRelay(relay)])
        #expect(harness.server.counters.allocationsExpired == 1)
        #expect(harness.server.counters.allocationsActive == 0)
        #expect(harness.server.nextDeadline == nil)
    }

    @Test func bindingRequestsAreAnsweredWithoutCredentials() throws {
        var harness = TURNHarness()
        let response = try #require(harness.request(.binding, authenticate: false).response)
        #expect(response.type == .bindingSuccess)
        #expect(response.xorMappedAddress == harness.fiveTuple.client)
    }
}
