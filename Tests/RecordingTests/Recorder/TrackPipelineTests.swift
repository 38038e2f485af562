import NIOCore
import RTP
import Testing
@testable import Recording

/// A publisher flipping SSRCs restarts the track's pipeline each time in
/// the same reorder buffer: no allocation per flip, nothing piling up.
@Suite struct TrackPipelineTests {
    static func packet(ssrc: UInt32, sequence: UInt16, timestamp: UInt32) -> ByteBuffer {
        let fields = RTPPacketFields(
            marker: true, payloadType: 96, sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc,
            payload: ByteBuffer(bytes: [0x10, 0x01, 0xAA]))
        return try! fields.encoded()
    }

    @Test func ssrcFlippingReusesOneReorderBuffer() throws {
        let origin = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let counters = RecordingCounters()
        var pipeline = try #require(TrackPipeline(track: RoomRecordingTests.video, origin: origin, counters: counters))
        pipeline.insert(Self.packet(ssrc: 1, sequence: 0, timestamp: 0), arrival: origin)
        let storage = try #require(pipeline.reorderStorage)
        var random = SystemRandomNumberGenerator()
        for index in 1..<2_000 {
            let now = origin + .milliseconds(Int64(index))
            // A new SSRC every packet, each far from the last sequence number.
            pipeline.insert(
                Self.packet(ssrc: UInt32(index % 2 + 1), sequence: .random(in: 0...UInt16.max, using: &random), timestamp: UInt32(index)),
                arrival: now)
            #expect(pipeline.reorderedCount <= 1)
            #expect(pipeline.reorderStorage == storage)
            _ = pipeline.release(now: now)
        }
        #expect(counters.snapshot.streamRestarts == 1_999)
    }

    /// Out-of-order packets of one SSRC still wait in the buffer; a new
    /// SSRC drops them and starts at its own first packet.
    @Test func aNewSSRCStartsOverAtItsFirstPacket() throws {
        let origin = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var pipeline = try #require(TrackPipeline(track: RoomRecordingTests.video, origin: origin, counters: RecordingCounters()))
        for sequence: UInt16 in [10, 12, 13, 14] {
            pipeline.insert(Self.packet(ssrc: 1, sequence: sequence, timestamp: UInt32(sequence) * 3_000), arrival: origin)
        }
        _ = pipeline.release(now: origin)
        #expect(pipeline.reorderedCount == 3)
        pipeline.insert(Self.packet(ssrc: 2, sequence: 500, timestamp: 0), arrival: origin)
        #expect(pipeline.reorderedCount == 1)
        _ = pipeline.release(now: origin)
        #expect(pipeline.reorderedCount == 0)
    }
}
