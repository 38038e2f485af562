import NIOCore
import RTP
import Recording
import TestSupport
import Testing

/// Opus (real libopus packets), H.264 and VP9 (synthetic frames) through
/// their packetizers, RTP, ReorderBuffer and assemblers.
@Suite struct OtherCodecRoundTripTests {
    @Test func opusPacketsRoundTripWithAudioLevels() throws {
        let encoded = TestMedia.opusPackets(count: 50)
        #expect(encoded.count == 50)
        var packetizer = OpusPacketizer(firstTimestamp: 1_000)
        var outputs: [OpusPacketizer.Output] = []
        for packet in encoded { outputs.append(try packetizer.packetize(ByteBuffer(bytes: packet))) }
        #expect(outputs.map(\.timestamp) == (0..<50).map { 1_000 + UInt32($0) * 960 })
        let level = RTPHeaderExtensionBlock.elements([RTPHeaderExtensionElement(id: 1, value: [0x80 | 42])])
        let packets = try rtpPackets(
            frames: outputs.map { [PacketizedPayload(payload: $0.payload, marker: false)] },
            timestamps: outputs.map(\.timestamp), firstSequence: 65_530, headerExtension: level)
        let (released, lost) = reordered(packets, window: 4, seed: 9, drop: [20])
        #expect(lost.count == 1)
        var extractor = OpusFrameExtractor(audioLevelExtensionID: 1)
        let frames = released.compactMap { extractor.push($0) }
        #expect(frames.count == 49)
        let expected = encoded.indices.filter { $0 != 20 }
        for (output, index) in zip(frames, expected) {
            #expect(Array(output.frame.data.readableBytesView) == encoded[index])
            #expect(output.frame.rtpTimestamp == outputs[index].timestamp)
            #expect(output.frame.isKeyframe)
            #expect(output.lostBefore == (index == 21 ? 1 : 0))
            #expect(output.audioLevel == AudioLevelExtension(voiceActivity: true, level: 42))
        }
    }

    /// Access units: SPS + PPS + a 5,000-byte IDR every 10, non-IDR slices
    /// of 300-3,000 bytes between. Bytes are never 0, so no start code
    /// emulation.
    static func accessUnits(count: Int) -> [[ByteBuffer]] {
        var random = SeededRandom(seed: 10)
        func unit(_ header: [UInt8], _ size: Int) -> ByteBuffer {
            ByteBuffer(bytes: header + (header.count..<size).map { _ in UInt8.random(in: 1...255, using: &random) })
        }
        return (0..<count).map { index in
            if index % 10 == 0 {
                return [unit([0x67, 0x42, 0xC0, 0x1F], 12), unit([0x68, 0xCE], 5), unit([0x65, 0x88], 5_000)]
            }
            return [unit([0x41, 0x9A], Int.random(in: 300...3_000, using: &random))]
        }
    }

    static func assembleH264(_ packets: [RTPPacket], format: H264FrameAssembler.Format) -> ([AssembledFrame], Int, H264FrameAssembler) {
        var assembler = H264FrameAssembler(format: format)
        var frames: [AssembledFrame] = []
        var requests = 0
        for packet in packets {
            let output = assembler.push(packet)
            if let frame = output.frame { frames.append(frame) }
            if output.requestsKeyframe { requests += 1 }
        }
        return (frames, requests, assembler)
    }

    static func annexB(_ units: [ByteBuffer]) -> [UInt8] {
        var buffer = ByteBuffer()
        H264AnnexB.write(units, into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func lengthPrefixed(_ units: [ByteBuffer]) -> [UInt8] {
        var buffer = ByteBuffer()
        for unit in units {
            buffer.writeInteger(UInt32(unit.readableBytes))
            buffer.writeImmutableBuffer(unit)
        }
        return Array(buffer.readableBytesView)
    }

    static func h264Packets(_ units: [[ByteBuffer]]) throws -> [RTPPacket] {
        let packetizer = H264Packetizer(maxPayloadSize: 1_000)
        // Annex B input for the packetizer, as an encoder gives it.
        let payloads = try units.map { au throws(PacketizationError) in
            try packetizer.packetize(annexB: ByteBuffer(bytes: annexB(au)))
        }
        return try rtpPackets(frames: payloads, timestamps: units.indices.map { UInt32($0 * 3_000) }, firstSequence: 100)
    }

    @Test func h264AccessUnitsRoundTripInBothFormats() throws {
        let units = Self.accessUnits(count: 30)
        let packets = try Self.h264Packets(units)
        let kinds = try packets.map { try H264Payload(parsing: $0.payload).packetization }
        #expect(kinds.contains(.stapA(nalUnitCount: 2)))
        #expect(kinds.contains(.fuA(isStart: true, isEnd: false)))
        #expect(kinds.contains(.singleNALUnit))
        let (released, lost) = reordered(packets, window: 5, seed: 11)
        #expect(lost.isEmpty)
        for format in [H264FrameAssembler.Format.annexB, .lengthPrefixed] {
            let (frames, requests, assembler) = Self.assembleH264(released, format: format)
            #expect(requests == 0)
            #expect(frames.count == 30)
            for (frame, au) in zip(frames, units) {
                let expected = format == .annexB ? Self.annexB(au) : Self.lengthPrefixed(au)
                #expect(Array(frame.data.readableBytesView) == expected)
                #expect(frame.isKeyframe == (au.count == 3))
            }
            #expect(assembler.sequenceParameterSet == units[20][0])  // the latest
            #expect(assembler.pictureParameterSet == units[20][1])
        }
    }

    @Test func h264LossDropsAccessUnitsUntilTheNextIDR() throws {
        let units = Self.accessUnits(count: 30)
        let packets = try Self.h264Packets(units)
        // Lose a middle FU-A of the second IDR (access unit 10).
        let middle = try #require(
            packets.indices.first { packets[$0].timestamp == 30_000 && packets[$0].payload.readableBytes > 500 }
        )
        let (released, _) = reordered(packets, window: 5, seed: 12, drop: [middle + 1])
        let (frames, requests, _) = Self.assembleH264(released, format: .annexB)
        #expect(requests >= 1)
        let expected = Array(0..<10) + Array(20..<30)
        #expect(frames.map { Array($0.data.readableBytesView) } == expected.map { Self.annexB(units[$0]) })
    }

    @Test func vp9FramesRoundTrip() throws {
        var random = SeededRandom(seed: 13)
        let frames: [[UInt8]] = (0..<40).map { _ in random.bytes(Int.random(in: 200...4_000, using: &random)) }
        let structure = VP9ScalabilityStructure(spatialLayerCount: 1, resolutions: [.init(width: 640, height: 360)])
        var packetizer = VP9Packetizer(maxPayloadSize: 1_000, scalabilityStructure: structure)
        let payloads = try frames.enumerated().map { index, frame throws(PacketizationError) in
            try packetizer.packetize(ByteBuffer(bytes: frame), isKeyframe: index % 20 == 0)
        }
        let packets = try rtpPackets(frames: payloads, timestamps: frames.indices.map { UInt32($0 * 3_000) }, firstSequence: 65_000)
        for drop in [nil, 5] as [Int?] {
            let (released, _) = reordered(packets, window: 7, seed: 14, drop: drop.map { [$0] } ?? [])
            var assembler = VP9FrameAssembler()
            var assembled: [AssembledFrame] = []
            var requests = 0
            for packet in released {
                let output = assembler.push(packet)
                if let frame = output.frame { assembled.append(frame) }
                if output.requestsKeyframe { requests += 1 }
            }
            // The lost packet's frame and the delta frames after it go,
            // up to the keyframe at 20.
            let frameOfPacket = payloads.enumerated().flatMap { index, pieces in pieces.map { _ in index } }
            let lostFrame = drop.map { frameOfPacket[$0] } ?? 40
            if drop != nil { #expect(lostFrame < 20) }
            let kept = Array(0..<lostFrame) + Array(20..<40).filter { $0 >= lostFrame }
            if drop == nil { #expect(requests == 0) } else { #expect(requests >= 1) }
            #expect(assembled.map { Array($0.data.readableBytesView) } == kept.map { frames[$0] })
            #expect(assembled.map(\.isKeyframe) == kept.map { $0 % 20 == 0 })
        }
    }
}
