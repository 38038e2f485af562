import NIOCore
import RTP
import Recording
import TestSupport
import Testing

/// Random payloads, and mangled valid ones, never trap an assembler.
@Suite struct AssemblerBadInputTests {
    static func packets(seed: UInt64) throws -> [RTPPacket] {
        var random = SeededRandom(seed: seed)
        var packets: [RTPPacket] = []
        var sequence: UInt16 = 65_000
        var timestamp: UInt32 = 0
        for payload in Mutations.garbage(count: 1_500, maxLength: 40, using: &random) {
            // Mostly contiguous, with jumps, so assemblers get deep into frames.
            sequence &+= Int.random(in: 0..<10, using: &random) == 0 ? UInt16.random(in: 0...3, using: &random) : 1
            if Bool.random(using: &random) { timestamp &+= 3_000 }
            let fields = RTPPacketFields(
                marker: Int.random(in: 0..<4, using: &random) == 0, payloadType: 96, sequenceNumber: sequence,
                timestamp: timestamp, ssrc: 1, payload: ByteBuffer(bytes: payload))
            packets.append(try RTPPacket(parsing: fields.encoded()))
        }
        return packets
    }

    @Test func randomPayloadsNeverTrap() throws {
        let packets = try Self.packets(seed: 20)
        var vp8 = VP8FrameAssembler()
        var vp9 = VP9FrameAssembler()
        var h264 = H264FrameAssembler()
        var avcc = H264FrameAssembler(format: .lengthPrefixed)
        var opus = OpusFrameExtractor(audioLevelExtensionID: 1)
        var buffer = ReorderBuffer(maxPackets: 8)
        var frames = 0
        for (index, packet) in packets.enumerated() {
            for output in [vp8.push(packet), vp9.push(packet), h264.push(packet), avcc.push(packet)] {
                if output.frame != nil { frames += 1 }
            }
            _ = opus.push(packet)
            buffer.insert(packet, at: .uptimeNanoseconds(UInt64(index) * 1_000_000))
            while buffer.next(at: .uptimeNanoseconds(UInt64(index) * 1_000_000)) != nil {}
        }
        #expect(frames >= 0)
    }

    @Test func mangledH264PayloadsNeverTrap() throws {
        var random = SeededRandom(seed: 21)
        let units = OtherCodecRoundTripTests.accessUnits(count: 12)
        let valid = try OtherCodecRoundTripTests.h264Packets(units)
        var assembler = H264FrameAssembler(format: .lengthPrefixed)
        for packet in valid {
            let bytes = Array(packet.buffer.readableBytesView)
            let header = packet.header.headerLength
            let payload = Array(bytes[header...])
            for mangled in Mutations.corruptions(of: payload, count: 3, using: &random) + [Array(payload.prefix(3))] {
                let corrupted = try RTPPacket(parsing: ByteBuffer(bytes: Array(bytes[..<header]) + mangled))
                _ = assembler.push(corrupted)
            }
        }
    }
}
