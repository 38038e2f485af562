import NIOCore
import RTP
import Recording
import TestSupport
import Testing

/// Real libvpx VP8 frames through VP8Packetizer, RTP, a shuffling network,
/// ReorderBuffer and VP8FrameAssembler.
@Suite struct VP8RoundTripTests {
    static let frames = TestMedia.vp8Frames(count: 60, keyframeInterval: 30)

    /// RTP packets of all frames: sequence numbers and timestamps wrap.
    static func packets() throws -> (packets: [RTPPacket], frameOfPacket: [Int]) {
        var packetizer = VP8Packetizer(maxPayloadSize: 1_000)
        var payloads: [[PacketizedPayload]] = []
        var frameOfPacket: [Int] = []
        for (index, frame) in frames.enumerated() {
            let pieces = try packetizer.packetize(ByteBuffer(bytes: frame.bytes))
            payloads.append(pieces)
            frameOfPacket += Array(repeating: index, count: pieces.count)
        }
        let timestamps = frames.indices.map { UInt32.max - 30_000 &+ UInt32($0 * 3_000) }
        return (try rtpPackets(frames: payloads, timestamps: timestamps, firstSequence: 65_400), frameOfPacket)
    }

    static func assemble(_ packets: [RTPPacket]) -> (frames: [AssembledFrame], keyframeRequests: Int) {
        var assembler = VP8FrameAssembler()
        var frames: [AssembledFrame] = []
        var requests = 0
        for packet in packets {
            let output = assembler.push(packet)
            if let frame = output.frame { frames.append(frame) }
            if output.requestsKeyframe { requests += 1 }
        }
        return (frames, requests)
    }

    @Test func everyFrameComesBackByteIdentical() throws {
        #expect(Self.frames.count == 60)
        #expect(Self.frames.enumerated().allSatisfy { $0.element.isKeyframe == ($0.offset % 30 == 0) })
        let (packets, frameOfPacket) = try Self.packets()
        // Frames really span several packets (keyframes most of all).
        #expect(frameOfPacket.filter { $0 == 0 }.count >= 3)
        #expect(packets.count > 2 * Self.frames.count)
        #expect(packets.allSatisfy { $0.payload.readableBytes <= 1_000 })

        let (released, lost) = reordered(packets, window: 6, seed: 7)
        #expect(lost.isEmpty)
        #expect(released.map(\.sequenceNumber) == packets.map(\.sequenceNumber))
        let (assembled, requests) = Self.assemble(released)
        #expect(requests == 0)
        #expect(assembled.count == 60)
        for (frame, original) in zip(assembled, Self.frames) {
            #expect(Array(frame.data.readableBytesView) == original.bytes)
            #expect(frame.isKeyframe == original.isKeyframe)
        }
        #expect(assembled.map(\.rtpTimestamp) == packets.filter(\.marker).map(\.timestamp))
        #expect(assembled.first?.firstSequence == 65_400)
    }

    @Test func aLostPacketDropsFramesUntilTheNextKeyframe() throws {
        let (packets, frameOfPacket) = try Self.packets()
        // The second packet of frame 10 (or its only one) is lost.
        let firstOfTen = try #require(frameOfPacket.firstIndex(of: 10))
        let lostIndex = frameOfPacket[firstOfTen + 1] == 10 ? firstOfTen + 1 : firstOfTen
        let (released, lost) = reordered(packets, window: 6, seed: 8, drop: [lostIndex])
        #expect(lost.count == 1)
        #expect(lost.first?.0 == packets[lostIndex].sequenceNumber && lost.first?.1 == 1)

        let (assembled, requests) = Self.assemble(released)
        #expect(requests >= 1)
        let expected = Array(0..<10) + Array(30..<60)
        #expect(assembled.count == expected.count)
        for (frame, index) in zip(assembled, expected) {
            #expect(Array(frame.data.readableBytesView) == Self.frames[index].bytes)
            #expect(frame.isKeyframe == Self.frames[index].isKeyframe)
        }
    }

    @Test func aRecordingStartsWithAKeyframe() throws {
        let (packets, frameOfPacket) = try Self.packets()
        // Joining at frame 5: delta frames are dropped, each asks for a keyframe.
        let start = try #require(frameOfPacket.firstIndex(of: 5))
        let (assembled, requests) = Self.assemble(Array(packets[start...]))
        #expect(requests == 25)
        #expect(assembled.count == 30)
        #expect(assembled.first?.isKeyframe == true)
        #expect(assembled.first.map { Array($0.data.readableBytesView) } == Self.frames[30].bytes)
    }
}
