import NIOCore
import STUN
import Testing

@testable import MediaTransport

/// Checks that arrive before their peer: kept briefly, bounded, handed over once.
@Suite struct EarlyChecksTests {
    let start = NIODeadline.uptimeNanoseconds(5_000_000_000)
    let source = try! SocketAddress(ipAddress: "127.0.0.1", port: 40_000)

    func check() -> STUNMessage {
        STUNMessage(type: .bindingRequest, transactionID: .random(), attributes: [])
    }

    @Test func aCheckIsHandedToItsPeerOnceAndOthersStay() {
        var early = EarlyChecks()
        early.keep(check(), ufrag: "abcd", from: source, now: start)
        early.keep(check(), ufrag: "efgh", from: source, now: start)
        #expect(early.take(ufrag: "abcd", now: start + .milliseconds(10)).count == 1)
        #expect(early.take(ufrag: "abcd", now: start + .milliseconds(10)).isEmpty)
        #expect(early.count == 1)
    }

    @Test func staleChecksAreNotHandedOver() {
        var early = EarlyChecks()
        early.keep(check(), ufrag: "abcd", from: source, now: start)
        #expect(early.take(ufrag: "abcd", now: start + EarlyChecks.lifetime).isEmpty)
        #expect(early.count == 0)
    }

    @Test func aFloodKeepsOnlyTheNewest() {
        var early = EarlyChecks()
        for index in 0..<(EarlyChecks.capacity * 4) {
            early.keep(check(), ufrag: Substring("u\(index)"), from: source, now: start)
        }
        #expect(early.count == EarlyChecks.capacity)
        #expect(early.take(ufrag: "u0", now: start).isEmpty)
        #expect(early.take(ufrag: "u\(EarlyChecks.capacity * 4 - 1)", now: start).count == 1)
    }
}
