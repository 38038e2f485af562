import Testing

@testable import RTPStreams

/// The rate of a probe cluster, from its packets' send and arrival times.
@Suite struct ProbeBitrateEstimatorTests {
    /// Four bursts 50 ms apart of `burst` bytes in 250-byte packets, each
    /// standing for the 50 ms before it: the cluster went out at
    /// burst * 8 / 50 ms. `arrival` maps a packet's index and send time to
    /// its arrival (µs).
    static func cluster(burst: Int, arrival: (Int, Int64) -> Int64?) -> ProbeResult? {
        var estimator = ProbeBitrateEstimator()
        var packets: [(send: Int64, arrival: Int64?)] = []
        for tick in 0..<4 {
            for _ in 0..<(burst / 250) {
                let send = Int64(tick) * 50_000
                packets.append((send, arrival(packets.count, send)))
                estimator.onSent(cluster: 7)
            }
        }
        #expect(estimator.takeResults().isEmpty)
        estimator.end(cluster: 7)
        for packet in packets {
            estimator.onFeedback(cluster: 7, sendTime: packet.send, arrival: packet.arrival, size: 250)
        }
        let results = estimator.takeResults()
        #expect(estimator.takeResults().isEmpty)
        return results.first
    }

    @Test func aFreePathGivesTheSendRate() throws {
        // 12_500 bytes per 50 ms: 2 Mbit/s; arrivals 10 ms later, a little spread.
        let result = try #require(Self.cluster(burst: 12_500) { index, send in send + 10_000 + Int64(index % 50) * 20 })
        let bitrate = Double(try #require(result.bitrate))
        #expect(abs(bitrate - 2_000_000) < 50_000)
    }

    @Test func aBottleneckGivesJustUnderItsRate() throws {
        // 1 Mbit/s path: a 250-byte packet every 2 ms, queued behind the others.
        let result = try #require(Self.cluster(burst: 12_500) { index, _ in 10_000 + Int64(index) * 2_000 })
        let bitrate = Double(try #require(result.bitrate))
        #expect(bitrate > 900_000 && bitrate < 1_000_000)
    }

    @Test func tooFewArrivalsMeasureNothing() throws {
        let result = try #require(Self.cluster(burst: 12_500) { index, send in index < 4 ? send + 10_000 : nil })
        #expect(result.bitrate == nil)
    }
}
