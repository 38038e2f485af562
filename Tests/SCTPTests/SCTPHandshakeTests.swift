import NIOCore
import TestSupport
import Testing

@testable import SCTP

/// Association setup: one side or both sending INIT (RFC 9260 §5.1,
/// §5.2), negotiated stream counts, lost handshake packets.
@Suite struct SCTPHandshakeTests {
    @Test func oneSideInitiates() {
        var link = SCTPLink.pair()
        link.apply(link.sides[0].connect(now: link.clock.now), from: 0)
        let done1 = link.run { $0.sides[0].isEstablished && $0.sides[1].isEstablished }
        #expect(done1)
        #expect(link.events[0].contains(.established) && link.events[1].contains(.established))
    }

    @Test func bothSidesInitiateAtOnce() {
        var link = SCTPLink.pair()
        link.connectBoth()
        #expect(link.sides.allSatisfy { $0.isEstablished })
        #expect(link.events.allSatisfy { $0.filter { $0 == .established }.count == 1 })
        // Data flows both ways afterwards: the tags agree.
        try? link.send([1, 2, 3], from: 0)
        try? link.send([4, 5], from: 1)
        let done2 = link.drain()
        #expect(done2)
        #expect(link.received[1].map { Array($0.bytes.readableBytesView) } == [[1, 2, 3]])
        #expect(link.received[0].map { Array($0.bytes.readableBytesView) } == [[4, 5]])
    }

    @Test func responderKeepsNoStateBeforeCookieEcho() {
        var responder = SCTPAssociation(cookieKey: [9], seed: 3)
        var initiator = SCTPAssociation(cookieKey: [8], seed: 4)
        let clock = ManualClock()
        guard case .send(let initPacket) = initiator.connect(now: clock.now).first else { Issue.record("no INIT"); return }
        let answer = responder.handle(packet: initPacket, now: clock.now)
        #expect(answer.count == 1)
        #expect(responder.state == .closed)
        #expect(responder.nextDeadline == nil)
    }

    @Test func streamCountsAreTheSmallerOfBothSides() {
        var link = SCTPLink(
            SCTPAssociation(configuration: { var c = SCTPAssociationConfiguration(); c.outboundStreams = 16; c.inboundStreams = 300; return c }(), seed: 5),
            SCTPAssociation(configuration: { var c = SCTPAssociationConfiguration(); c.outboundStreams = 100; c.inboundStreams = 8; return c }(), seed: 6))
        link.connectBoth()
        #expect(link.sides[0].outboundStreamCount == 8 && link.sides[0].inboundStreamCount == 100)
        #expect(link.sides[1].outboundStreamCount == 100 && link.sides[1].inboundStreamCount == 8)
    }

    @Test func lostHandshakePacketsAreRetransmitted() {
        var link = SCTPLink.pair(dropEvery: 2)
        link.apply(link.sides[0].connect(now: link.clock.now), from: 0)
        let done3 = link.run { $0.sides[0].isEstablished && $0.sides[1].isEstablished }
        #expect(done3)
        #expect(link.sides[0].counters.timeouts > 0 || link.sides[1].counters.timeouts > 0)
    }

    @Test func unansweredInitTimesOut() {
        var lonely = SCTPAssociation(seed: 7)
        var clock = ManualClock()
        var actions = lonely.connect(now: clock.now)
        while let deadline = lonely.nextDeadline {
            clock.advance(deadline - clock.now)
            actions += lonely.handleTimeout(now: clock.now)
        }
        #expect(actions.last == .closed(.timedOut))
        #expect(actions.filter { if case .send = $0 { true } else { false } }.count == 1 + 8)
    }

    @Test func forgedCookieIsRefused() {
        var link = SCTPLink.pair()
        // The responder's answer is replaced by a cookie signed with another key.
        var forger = SCTPAssociation(cookieKey: [0xEE], seed: 1)
        var initiator = SCTPAssociation(cookieKey: [1], seed: 8)
        guard case .send(let initPacket) = initiator.connect(now: link.clock.now).first,
            case .send(let forgedAck) = forger.handle(packet: initPacket, now: link.clock.now).first
        else { Issue.record("no handshake"); return }
        guard case .send(let echo) = initiator.handle(packet: forgedAck, now: link.clock.now).first else {
            Issue.record("no COOKIE-ECHO"); return
        }
        #expect(link.sides[1].handle(packet: echo, now: link.clock.now).isEmpty)
        #expect(link.sides[1].counters.badCookies == 1)
    }

    @Test func staleCookieIsRefused() {
        var responder = SCTPAssociation(cookieKey: [3], seed: 9)
        var initiator = SCTPAssociation(cookieKey: [4], seed: 10)
        var clock = ManualClock()
        guard case .send(let initPacket) = initiator.connect(now: clock.now).first,
            case .send(let ack) = responder.handle(packet: initPacket, now: clock.now).first,
            case .send(let echo) = initiator.handle(packet: ack, now: clock.now).first
        else { Issue.record("no handshake"); return }
        clock.advance(.seconds(61))
        #expect(responder.handle(packet: echo, now: clock.now).isEmpty)
        #expect(responder.counters.badCookies == 1)
    }

    @Test func gracefulShutdown() throws {
        var link = SCTPLink.pair()
        link.connectBoth()
        try link.send(messageBytes(size: 5000, seed: 1), from: 0)
        link.apply(link.sides[0].shutdown(now: link.clock.now), from: 0)
        let done4 = link.run { $0.events[0].contains(.closed(.shutdown)) && $0.events[1].contains(.closed(.shutdown)) }
        #expect(done4)
        #expect(link.received[1].count == 1)
    }

    @Test func abortReachesThePeer() {
        var link = SCTPLink.pair()
        link.connectBoth()
        link.apply(link.sides[0].abort(reason: "bye", now: link.clock.now), from: 0)
        let done5 = link.run { $0.events[1].contains(.closed(.abortedByPeer)) }
        #expect(done5)
        #expect(link.events[0].contains(.closed(.aborted("bye"))))
    }
}
