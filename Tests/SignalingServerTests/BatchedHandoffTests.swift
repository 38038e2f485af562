import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

@testable import SignalingServer

/// Packets cross between shards in batches, in order, and a receiving loop
/// that falls behind makes batches drop (counted) instead of queueing
/// without bound.
@Suite struct BatchedHandoffTests {
    private func packet(_ byte: UInt8, size: Int = 60) -> ByteBuffer {
        ByteBuffer(repeating: byte, count: size)
    }

    @Test func aBurstCrossesAsOneBatchInOrder() {
        let (here, there) = (EmbeddedEventLoop(), EmbeddedEventLoop())
        let received = NIOLockedValueBox<[[UInt8]]>([])
        let totals = PipeTotals()
        let handoff = BatchedHandoff(from: here, to: there, budget: PipeBudget(limit: 1 << 20, totals: totals)) { batch in
            var firsts: [UInt8] = []
            batch.forEach { _, packet in firsts.append(packet.getInteger(at: packet.readerIndex) ?? 0) }
            received.withLockedValue { $0.append(firsts) }
        }
        for byte in UInt8(1)...5 { handoff.append(.rtp, packet(byte)) }
        here.run()
        #expect(received.withLockedValue { $0 }.isEmpty, "nothing runs on the other loop until it turns")
        there.run()
        #expect(received.withLockedValue { $0 } == [[1, 2, 3, 4, 5]])
        #expect(totals.snapshot.handed == 5 && totals.snapshot.dropped == 0)
    }

    @Test func aLoopThatFallsBehindDropsBatchesNotMemory() {
        let (here, there) = (EmbeddedEventLoop(), EmbeddedEventLoop())
        let count = NIOLockedValueBox(0)
        let totals = PipeTotals()
        // Room for one 60-byte packet's record (63 bytes) in flight, not two.
        let handoff = BatchedHandoff(from: here, to: there, budget: PipeBudget(limit: 100, totals: totals)) { batch in
            count.withLockedValue { $0 += batch.count }
        }
        handoff.append(.rtp, packet(1))
        here.run()
        handoff.append(.rtp, packet(2))
        here.run()
        #expect(totals.snapshot.handed == 1 && totals.snapshot.dropped == 1)
        there.run()
        #expect(count.withLockedValue { $0 } == 1)
        // Taken: the budget is free again.
        handoff.append(.rtcp, packet(3))
        here.run()
        there.run()
        #expect(count.withLockedValue { $0 } == 2)
        #expect(totals.snapshot.handed == 2 && totals.snapshot.dropped == 1)
    }

    @Test func aClosedHandoffHandsNothing() {
        let (here, there) = (EmbeddedEventLoop(), EmbeddedEventLoop())
        let totals = PipeTotals()
        let handoff = BatchedHandoff(from: here, to: there, budget: PipeBudget(limit: 1 << 20, totals: totals)) { _ in }
        handoff.append(.rtp, packet(1))
        handoff.close()
        here.run()
        there.run()
        #expect(totals.snapshot.handed == 0)
    }
}
