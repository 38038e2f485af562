import NIOCore
import RTCP
import RTPStreams
import TestSupport
import Testing

/// Closed loop: a sender at the estimator's rate, the link simulator, the
/// receiver's TWCCRecorder sending feedback every 50 ms (over the wire
/// format, 20 ms back), and the estimator taking it.
@Suite struct BandwidthEstimationSimulationTests {
    struct Sample {
        var time: Double  // s
        var estimate: Double  // bit/s
    }

    static let packetSize = 1200

    /// Runs `seconds` of simulated time; `capacity(t)` may change the cap.
    static func simulate(
        seconds: Double, lossProbability: Double, seed: UInt64 = 1, capacity: (Double) -> Double?
    ) throws -> [Sample] {
        var estimator = SendSideBandwidthEstimator()
        var recorder = TWCCRecorder(senderSSRC: 2, mediaSSRC: 1)
        var link = LinkSimulator(capacity: capacity(0), lossProbability: lossProbability, seed: seed)
        var clock = ManualClock()
        let start = clock.now
        var nextSend = clock.now
        var sequence: UInt16 = 0
        var feedbackInFlight: [(due: NIODeadline, packet: TransportLayerCC)] = []
        var nextFeedback = clock.now + .milliseconds(50)
        var samples: [Sample] = []
        let ticks = Int(seconds * 1000)
        for tick in 0..<ticks {
            let elapsed = Double(tick) / 1000
            link.capacity = capacity(elapsed)
            while nextSend <= clock.now {
                estimator.onPacketSent(transportSequenceNumber: sequence, size: Self.packetSize, at: clock.now)
                link.send(sequenceNumber: sequence, size: Self.packetSize, now: clock.now)
                sequence &+= 1
                let interval = Double(Self.packetSize * 8) / Double(estimator.estimate)
                nextSend = nextSend + .nanoseconds(Int64(interval * 1e9))
            }
            link.deliver(until: clock.now) { sequenceNumber, arrival in
                recorder.onPacket(transportSequenceNumber: sequenceNumber, arrival: arrival)
            }
            if clock.now >= nextFeedback {
                for packet in recorder.feedback(now: clock.now) {
                    var buffer = ByteBuffer()
                    packet.write(into: &buffer)
                    feedbackInFlight.append((clock.now + .milliseconds(20), try TransportLayerCC(parsing: &buffer)))
                }
                nextFeedback = nextFeedback + .milliseconds(50)
            }
            while let first = feedbackInFlight.first, first.due <= clock.now {
                estimator.onFeedback(first.packet, now: clock.now)
                feedbackInFlight.removeFirst()
            }
            if tick % 100 == 0 {
                samples.append(Sample(time: Double((clock.now - start).nanoseconds) / 1e9, estimate: Double(estimator.estimate)))
            }
            clock.advance(.milliseconds(1))
        }
        return samples
    }

    /// The first time from which every later sample (before `until`) lies
    /// within `tolerance` of `target`; nil if never.
    static func settlingTime(_ samples: [Sample], target: Double, tolerance: Double, from: Double = 0, until: Double = .infinity)
        -> Double?
    {
        let window = samples.filter { $0.time >= from && $0.time < until }
        var settled: Double?
        for sample in window {
            if abs(sample.estimate - target) <= tolerance * target {
                settled = settled ?? sample.time
            } else {
                settled = nil
            }
        }
        return settled
    }

    static func mean(_ samples: [Sample], from: Double, until: Double) -> Double {
        let window = samples.filter { $0.time >= from && $0.time < until }
        return window.map(\.estimate).reduce(0, +) / Double(max(window.count, 1))
    }

    static func kbps(_ value: Double) -> String {
        "\(Int((value / 1000).rounded())) kbit/s"
    }

    @Test(arguments: [0, 0.005] as [Double]) func convergesToTheCapAndStays(loss: Double) throws {
        let samples = try Self.simulate(seconds: 30, lossProbability: loss) { _ in 1_000_000 }
        let settled = Self.settlingTime(samples, target: 1_000_000, tolerance: 0.2)
        let steady = Self.mean(samples, from: 10, until: 30)
        let low = samples.filter { $0.time >= 10 }.map(\.estimate).min() ?? 0
        let high = samples.filter { $0.time >= 10 }.map(\.estimate).max() ?? 0
        print(
            "BWE 1 Mbit/s cap, \(loss * 100)% random loss, from 300 kbit/s: within 20% from t=\(settled.map { "\($0) s" } ?? "never"),"
                + " steady state (10-30 s) mean \(Self.kbps(steady)), range \(Self.kbps(low))-\(Self.kbps(high))")
        let time = try #require(settled)
        #expect(time <= 10)
    }

    @Test func backsOffWhenTheCapDrops() throws {
        let samples = try Self.simulate(seconds: 30, lossProbability: 0) { $0 < 15 ? 1_000_000 : 500_000 }
        let settled = Self.settlingTime(samples, target: 500_000, tolerance: 0.2, from: 15)
        let steady = Self.mean(samples, from: 20, until: 30)
        print(
            "BWE cap 1 Mbit/s -> 500 kbit/s at 15 s: within 20% after \(settled.map { "\($0 - 15) s" } ?? "never"),"
                + " steady state (20-30 s) mean \(Self.kbps(steady))")
        let time = try #require(settled)
        #expect(time - 15 <= 4)
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func randomLossBacksOff(seed: UInt64) throws {
        let clean = try Self.simulate(seconds: 10, lossProbability: 0) { _ in nil }
        let lossy = try Self.simulate(seconds: 10, lossProbability: 0.15, seed: seed) { _ in nil }
        let cleanEnd = try #require(clean.last).estimate
        let lossyEnd = try #require(lossy.last).estimate
        print("BWE no cap at 10 s (seed \(seed)): loss-free \(Self.kbps(cleanEnd)), 15% loss \(Self.kbps(lossyEnd))")
        #expect(lossyEnd < cleanEnd / 2)
        #expect(lossyEnd < 300_000)
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func lowLossKeepsGrowing(seed: UInt64) throws {
        let samples = try Self.simulate(seconds: 10, lossProbability: 0.01, seed: seed) { _ in nil }
        let at3 = Self.mean(samples, from: 2.9, until: 3.1)
        let at10 = try #require(samples.last).estimate
        print("BWE no cap, 1% loss (seed \(seed)): \(Self.kbps(at3)) at 3 s, \(Self.kbps(at10)) at 10 s")
        #expect(at10 > 2 * at3)
        #expect(at10 > 1_500_000)
    }
}
