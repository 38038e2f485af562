import NIOCore
import Recording
import TestSupport
import Testing

/// Arbitrary frames and timestamps go through the writers: each call either
/// writes or throws its typed error; nothing traps, and byte counts stay exact.
@Suite struct WriterGarbageTests {
    static let timestamps: [Int64] = [0, 1, 20, 32_767, 32_768, -1, -32_769, 5_000, 9_000_000_000_000, 9_000_000_000_001, .max, .min]

    @Test func webMWriterTakesGarbage() throws {
        var random = SeededRandom(seed: 0xE8B1)
        for round in 0..<20 {
            let video: WebMConfiguration.Video? = round % 3 == 2 ? nil : .init(codec: round % 2 == 0 ? .vp8 : .vp9)
            var writer = WebMWriter(configuration: WebMConfiguration(video: video, audio: round % 3 == 1 ? nil : OpusHeaders()))
            var buffer = ByteBuffer()
            var clock: Int64 = 0
            for frame in Mutations.garbage(count: 40, maxLength: 300, using: &random) {
                let pick = Int(random.next() % 16)
                clock = pick < Self.timestamps.count ? Self.timestamps[pick] : clock &+ Int64(random.next() % 3_000)
                do throws(WebMError) {
                    try writer.append(frame, track: random.next() % 2 == 0 ? .video : .audio, timestamp: clock,
                                      isKeyframe: random.next() % 4 == 0, into: &buffer)
                } catch {
                    switch error {
                    case .noSuchTrack, .emptyFrame, .timestampOutOfRange: break
                    default: Issue.record("unexpected \(error)")
                    }
                }
            }
            let patches = try writer.finalize(into: &buffer)
            #expect(writer.bytesWritten == Int64(buffer.readableBytes))
            for patch in patches { #expect(patch.offset + Int64(patch.bytes.count) <= writer.bytesWritten) }
        }
    }

    @Test func oggOpusWriterTakesGarbage() throws {
        var random = SeededRandom(seed: 0x0665)
        for _ in 0..<20 {
            var writer = OggOpusWriter()
            writer.maximumGapFill = 10 * 48_000
            var buffer = ByteBuffer()
            var clock: Int64 = 0
            for packet in Mutations.garbage(count: 40, maxLength: 300, using: &random) {
                let pick = Int(random.next() % 16)
                clock = pick < Self.timestamps.count ? Self.timestamps[pick] : clock &+ Int64(random.next() % 3_000)
                do throws(OggOpusError) {
                    try writer.append(packet, timestamp: clock, into: &buffer)
                } catch {
                    switch error {
                    case .badPacket, .timestampOutOfRange: break
                    default: Issue.record("unexpected \(error)")
                    }
                }
                if random.next() % 8 == 0 { writer.flush(into: &buffer) }
            }
            try writer.finalize(into: &buffer)
            #expect(writer.bytesWritten == Int64(buffer.readableBytes))
            // Gaps are filled up to the limit: at most 10 s of silence per packet.
            #expect(writer.silencePacketsInserted <= 40 * 500)
            let pages = try OggTests.pages(in: Array(buffer.readableBytesView))
            #expect(pages.first?.flags == 0x02 && pages.last?.flags == 0x04)
        }
    }
}
