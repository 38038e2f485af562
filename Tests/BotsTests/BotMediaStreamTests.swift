@testable import Bots
import Codecs
import NIOCore
import RTP
import Testing

/// Sending and receiving without sockets: the replayed clip's RTP, the
/// RTX answer to a NACK, and what a receiver measures from it.
@Suite struct BotMediaStreamTests {
    static let clip: PacketizedClip = {
        let spec = VideoClipSpec(width: 160, height: 90, bitrateKbps: 300, seconds: 1, keyframeIntervalSeconds: 1)
        return try! PacketizedClip(clip: EncodedClip.encodeVideo(spec), isVideo: true)
    }()

    func stream() -> OutgoingStream {
        var random = SystemRandomNumberGenerator()
        return OutgoingStream(
            clip: Self.clip, ssrc: 0x1111, payloadType: 96, rtxSSRC: 0x2222, rtxPayloadType: 97, mid: "1", rid: "f",
            start: 0, random: &random)
    }

    /// Sends everything due in the first `seconds` and returns the packets.
    func send(_ stream: inout OutgoingStream, seconds: Double) -> [(packet: ByteBuffer, payload: ByteBuffer)] {
        var sent: [(ByteBuffer, ByteBuffer)] = []
        var transport: UInt16 = 0
        stream.sendDueFrames(now: Int64(seconds * 1e9), transportSequence: &transport) { packet, payload in
            sent.append((packet, payload))
        }
        return sent
    }

    @Test func replayKeepsRTPTimingAndRisingPictureIDs() throws {
        var outgoing = stream()
        let sent = send(&outgoing, seconds: 0.5)
        let packets = try sent.map { try RTPPacket(parsing: $0.packet) }
        // 30 fps: frames at 0, 33, ..., 500 ms.
        let timestamps = Array(Set(packets.map(\.timestamp))).sorted()
        #expect(timestamps.count == 16)
        #expect(zip(timestamps, timestamps.dropFirst()).allSatisfy { $1 &- $0 == 3_000 })
        #expect(zip(packets, packets.dropFirst()).allSatisfy { $1.sequenceNumber == $0.sequenceNumber &+ 1 })
        let mid = try packets[0].extensionValue(SDESStringExtension.self, id: 4)
        let rid = try packets[0].extensionValue(SDESStringExtension.self, id: 5)
        #expect(mid?.value == "1" && rid?.value == "f")
        #expect(try packets[1].extensionValue(TransportSequenceNumberExtension.self, id: 3)?.sequenceNumber == 1)
        let starts = try packets.filter { try VP8PayloadDescriptor(parsing: $0.payload).isStartOfPartition }
        let pictureIDs = try starts.map { try VP8PayloadDescriptor(parsing: $0.payload).pictureID ?? 0 }
        #expect(pictureIDs == Array(0..<UInt16(pictureIDs.count)))
        #expect(try VP8PayloadDescriptor(parsing: packets[0].payload).startsKeyframe(payload: packets[0].payload))
    }

    @Test func aNACKIsAnsweredWithRTXCarryingTheOriginalSequenceNumber() throws {
        var outgoing = stream()
        let sent = send(&outgoing, seconds: 0.2)
        let original = try RTPPacket(parsing: sent[3].packet)
        var transport: UInt16 = 100
        let answered = outgoing.retransmission(of: original.sequenceNumber, transportSequence: &transport)
        let rtx = try RTPPacket(parsing: #require(answered))
        #expect(rtx.ssrc == 0x2222 && rtx.payloadType == 97 && rtx.timestamp == original.timestamp)
        #expect(rtx.payload.getInteger(at: rtx.payload.readerIndex, as: UInt16.self) == original.sequenceNumber)
        #expect(Array(rtx.payload.readableBytesView.dropFirst(2)) == Array(original.payload.readableBytesView))
        #expect(try rtx.extensionValue(SDESStringExtension.self, id: 6)?.value == "f")
        let tooOld = outgoing.retransmission(of: original.sequenceNumber &- 2_000, transportSequence: &transport)
        #expect(tooOld == nil)
    }

    @Test func aKeyframeRequestRestartsTheClip() throws {
        var outgoing = stream()
        _ = send(&outgoing, seconds: 0.3)
        outgoing.restartAtKeyframe()
        var transport: UInt16 = 0
        var next: [ByteBuffer] = []
        outgoing.sendDueFrames(now: Int64(0.34e9), transportSequence: &transport) { packet, _ in next.append(packet) }
        let first = try RTPPacket(parsing: #require(next.first))
        #expect(try VP8PayloadDescriptor(parsing: first.payload).startsKeyframe(payload: first.payload))
        #expect(outgoing.keyframeRestarts == 1)
    }

    @Test func theReceiverCountsFramesLossAndLatencyThroughRewriting() throws {
        var outgoing = stream()
        let sendLog = SendLog()
        // Less than one loop of the 1 s clip: every payload is sent once.
        let sent = send(&outgoing, seconds: 0.9)
        for (index, item) in sent.enumerated() {
            let key = try #require(PayloadKey.key(payload: item.payload, isVP8: true))
            sendLog.record(key, atUptimeNanoseconds: Int64(index) * 1_000)
        }
        var incoming = IncomingStream(
            ssrc: 0x1111, clockRate: 90_000, isVideo: true, wantedSince: .uptimeNanoseconds(0), sendLog: sendLog)
        var latencies: [Double] = []
        let dropped = 5
        for (index, item) in sent.enumerated() where index != dropped {
            var packet = item.packet
            // The server rewrites the picture ID: the key must not depend on it.
            packet.setInteger(UInt16(0x8000 | 0x1234), at: try RTPPacket(parsing: packet).payloadIndex + 2)
            let arrival = NIODeadline.uptimeNanoseconds(UInt64(index) * 1_000 + 2_000_000)
            if let latency = incoming.receive(try RTPPacket(parsing: packet), size: packet.readableBytes, now: arrival) {
                latencies.append(latency)
            }
        }
        let stats = incoming.snapshot
        #expect(stats.packetsLost == 1)
        #expect(stats.packetsReceived == UInt64(sent.count - 1))
        #expect(latencies.count == sent.count - 1)
        #expect(latencies.allSatisfy { abs($0 - 2_000) < 0.01 })
        let frames = Set(try sent.map { try RTPPacket(parsing: $0.packet).timestamp }).count
        #expect(stats.framesCompleted == UInt64(frames - 1))
        #expect(stats.streamsWithKeyframe == 1)
        // The first frame of the clip is its keyframe: counted from `wantedSince`.
        #expect(abs(stats.firstKeyframeMillisecondsMax - 2.0) < 0.1)
        let due = incoming.dueNACK(senderSSRC: 9, now: .uptimeNanoseconds(100_000_000))
        let nack = try #require(due)
        #expect(nack.lostSequenceNumbers == [try RTPPacket(parsing: sent[dropped].packet).sequenceNumber])
    }

    @Test func senderReportsTieTheRTPClockToTheWallClock() throws {
        var outgoing = stream()
        let sent = send(&outgoing, seconds: 0.5)
        let first = try RTPPacket(parsing: sent[0].packet)
        // The RTP clock at 510 ms is the first timestamp + 0.51 s x 90 kHz.
        let report = outgoing.senderReport(now: 510_000_000, ntpTime: 42)
        #expect(abs(Int64(report.rtpTime &- first.timestamp) - 45_900) <= 1)
        #expect(report.packetCount == UInt32(sent.count))
        #expect(report.octetCount == UInt32(sent.reduce(0) { $0 + $1.payload.readableBytes }))
        #expect(NTPClock.ntp(unixSeconds: 0, nanoseconds: 500_000_000) == UInt64(2_208_988_800) << 32 | 0x8000_0000)
    }

    @Test func histogramPercentiles() {
        var histogram = LatencyHistogram()
        for value in 1...1_000 { histogram.record(microseconds: Double(value) * 100) }
        let p50 = histogram.percentileMilliseconds(0.5)!
        let p99 = histogram.percentileMilliseconds(0.99)!
        #expect(abs(p50 - 50) / 50 < 0.05)
        #expect(abs(p99 - 99) / 99 < 0.05)
        #expect(histogram.percentileMilliseconds(1.0)! <= 100)
        var other = LatencyHistogram()
        other.record(microseconds: 500_000)
        histogram.merge(other)
        #expect(histogram.count == 1_001)
        #expect(histogram.maxMicroseconds == 500_000)
    }
}
