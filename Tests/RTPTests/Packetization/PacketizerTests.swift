import NIOCore
import RTP
import TestSupport
import Testing

/// Packetizers: payload sizes, descriptors, data concatenating back to the
/// frame. (Round trips through the assemblers are in RecordingTests.)
@Suite struct PacketizerTests {
    static func frame(_ count: Int, seed: UInt64) -> ByteBuffer {
        var random = SeededRandom(seed: seed)
        return ByteBuffer(bytes: random.bytes(count))
    }

    @Test func vp8SplitsEvenlyWithDescriptors() throws {
        var packetizer = VP8Packetizer(maxPayloadSize: 1_000, firstPictureID: 0x7FFE)
        let frame = Self.frame(4_321, seed: 1)
        var data: [UInt8] = []
        var pictureIDs: [UInt16] = []
        for round in 0..<3 {
            let payloads = try packetizer.packetize(frame)
            #expect(payloads.count == 5)  // 4,321 / 996 rounds up to 5
            for (index, piece) in payloads.enumerated() {
                #expect(piece.payload.readableBytes <= 1_000)
                #expect(piece.marker == (index == payloads.count - 1))
                let descriptor = try VP8PayloadDescriptor(parsing: piece.payload)
                #expect(descriptor.isStartOfPartition == (index == 0))
                #expect(descriptor.partitionIndex == 0)
                #expect(descriptor.hasLongPictureID)
                #expect(descriptor.length == 4)
                #expect(descriptor.tl0PictureIndex == nil && descriptor.temporalLayerIndex == nil)
                if index == 0 { pictureIDs.append(descriptor.pictureID ?? 0xFFFF) }
                if round == 0 { data += Array(piece.payload.readableBytesView.dropFirst(descriptor.length)) }
            }
            let sizes = payloads.map { $0.payload.readableBytes }
            #expect(sizes.max()! - sizes.min()! <= 1)
        }
        #expect(data == Array(frame.readableBytesView))
        #expect(pictureIDs == [0x7FFE, 0x7FFF, 0])  // 15 bits, wrapping
    }

    @Test func vp8TemporalLayersCountBaseFrames() throws {
        var packetizer = VP8Packetizer(maxPayloadSize: 1_200, firstTL0PictureIndex: 255)
        let layers: [UInt8] = [0, 2, 1, 2, 0, 2]
        var tl0: [UInt8?] = []
        var tids: [UInt8?] = []
        for layer in layers {
            let payloads = try packetizer.packetize(
                Self.frame(100, seed: 2), temporalLayer: TemporalLayer(index: layer, isLayerSync: layer == 1))
            let descriptor = try VP8PayloadDescriptor(parsing: payloads[0].payload)
            tl0.append(descriptor.tl0PictureIndex)
            tids.append(descriptor.temporalLayerIndex)
            #expect(descriptor.isLayerSync == (layer == 1))
            #expect(descriptor.length == 6)
        }
        #expect(tids == layers.map { $0 })
        #expect(tl0 == [255, 255, 255, 255, 0, 0])  // incremented by each later base frame
    }

    @Test func vp9MarksBeginEndAndStructureOnKeyframes() throws {
        let structure = VP9ScalabilityStructure(spatialLayerCount: 1, resolutions: [.init(width: 320, height: 240)])
        var packetizer = VP9Packetizer(maxPayloadSize: 1_000, scalabilityStructure: structure)
        let frame = Self.frame(2_500, seed: 3)
        for isKeyframe in [true, false] {
            let payloads = try packetizer.packetize(frame, isKeyframe: isKeyframe)
            #expect(payloads.count == 3)
            var data: [UInt8] = []
            for (index, piece) in payloads.enumerated() {
                #expect(piece.payload.readableBytes <= 1_000)
                let descriptor = try VP9PayloadDescriptor(parsing: piece.payload)
                #expect(descriptor.isStartOfFrame == (index == 0))
                #expect(descriptor.isEndOfFrame == (index == payloads.count - 1))
                #expect(piece.marker == descriptor.isEndOfFrame)
                #expect(descriptor.isInterPicturePredicted == !isKeyframe)
                #expect(!descriptor.isFlexibleMode)
                #expect(descriptor.pictureID == (isKeyframe ? 0 : 1))
                let hasStructure = isKeyframe && index == 0
                #expect((descriptor.scalabilityStructureLocation != nil) == hasStructure)
                if hasStructure { #expect(try descriptor.scalabilityStructure(in: piece.payload) == structure) }
                data += Array(piece.payload.readableBytesView.dropFirst(descriptor.length))
            }
            #expect(data == Array(frame.readableBytesView))
        }
    }

    @Test func h264AggregatesSmallUnitsAndFragmentsLargeOnes() throws {
        let sps = ByteBuffer(bytes: [0x67, 0x42, 0xC0, 0x1F, 0xDA, 0x01, 0x40, 0x16, 0xE8])
        let pps = ByteBuffer(bytes: [0x68, 0xCE, 0x3C, 0x80])
        var idrBytes: [UInt8] = [0x65, 0x88]
        var random = SeededRandom(seed: 4)
        idrBytes += (0..<2_998).map { _ in UInt8.random(in: 1...255, using: &random) }
        let idr = ByteBuffer(bytes: idrBytes)
        let packetizer = H264Packetizer(maxPayloadSize: 1_000)
        let payloads = try packetizer.packetize(nalUnits: [sps, pps, idr])
        // STAP-A(SPS, PPS), then the IDR in 4 FU-As (2,999 bytes / 998).
        #expect(payloads.count == 5)
        #expect(payloads.map(\.marker) == [false, false, false, false, true])
        let stap = try H264Payload(parsing: payloads[0].payload)
        #expect(stap.packetization == .stapA(nalUnitCount: 2))
        let units = stap.nalUnits(in: payloads[0].payload).compactMap { stap.nalUnits(in: payloads[0].payload).bytes(of: $0) }
        #expect(units == [sps, pps])
        var reassembled: [UInt8] = []
        for (index, piece) in payloads.dropFirst().enumerated() {
            let parsed = try H264Payload(parsing: piece.payload)
            #expect(parsed.packetization == .fuA(isStart: index == 0, isEnd: index == 3))
            #expect(parsed.nalUnitType == 5)
            #expect(parsed.nalReferenceIndicator == 3)
            #expect(piece.payload.readableBytes <= 1_000)
            reassembled += Array(piece.payload.readableBytesView.dropFirst(2))
        }
        #expect(reassembled == Array(idrBytes.dropFirst()))

        // The same units as Annex B give the same payloads.
        var stream = ByteBuffer(bytes: [0, 0, 1])  // a 3-byte start code first
        stream.writeImmutableBuffer(sps)
        H264AnnexB.write([pps, idr], into: &stream)
        #expect(H264AnnexB.nalUnits(in: stream) == [sps, pps, idr])
        #expect(try packetizer.packetize(annexB: stream) == payloads)
    }

    @Test func h264SendsLoneSmallUnitsAsSingleNALUnits() throws {
        let slice = ByteBuffer(bytes: [0x41, 0x9A] + Array(repeating: 0x55, count: 700))
        let payloads = try H264Packetizer(maxPayloadSize: 1_000).packetize(nalUnits: [slice, slice])
        #expect(payloads.map(\.payload) == [slice, slice])  // two don't fit one STAP-A
        #expect(payloads.map(\.marker) == [false, true])
    }

    @Test func opusStampsBySampleCount() throws {
        var packetizer = OpusPacketizer(firstTimestamp: UInt32.max - 500)
        // TOC config 31 (CELT 20 ms), code 0: 960 samples.
        let first = try packetizer.packetize(ByteBuffer(bytes: [0xF8, 0x01, 0x02]))
        #expect(first.timestamp == UInt32.max - 500 && first.sampleCount == 960)
        // Config 3 (SILK 60 ms), code 1 (two frames): 5,760 samples.
        let second = try packetizer.packetize(ByteBuffer(bytes: [0x19, 0x00]))
        #expect(second.timestamp == 459 && second.sampleCount == 5_760)
        #expect(packetizer.nextTimestamp == 459 + 5_760)
        // Config 16 (CELT 2.5 ms), code 3 with 4 frames: 480.
        #expect(try OpusPacketizer.sampleCount(of: ByteBuffer(bytes: [0x83, 0x04])) == 480)
        // Config 13 (hybrid 20 ms): 960.
        #expect(try OpusPacketizer.sampleCount(of: ByteBuffer(bytes: [0x68])) == 960)
    }

    @Test func errorsSayWhatWasWrong() throws {
        var vp8 = VP8Packetizer(maxPayloadSize: 4)
        #expect(throws: PacketizationError.maxPayloadSizeTooSmall(4, need: 5)) { try vp8.packetize(Self.frame(10, seed: 5)) }
        #expect(throws: PacketizationError.emptyFrame) { try vp8.packetize(ByteBuffer()) }
        var vp9 = VP9Packetizer(maxPayloadSize: 1_000)
        #expect(throws: PacketizationError.emptyFrame) { try vp9.packetize(ByteBuffer(), isKeyframe: true) }
        let h264 = H264Packetizer(maxPayloadSize: 1_000)
        #expect(throws: PacketizationError.noNALUnits) { try h264.packetize(annexB: ByteBuffer(bytes: [1, 2, 3])) }
        #expect(throws: PacketizationError.badNALUnit(index: 1, header: 0x7C)) {
            try h264.packetize(nalUnits: [ByteBuffer(bytes: [0x67, 1]), ByteBuffer(bytes: [0x7C, 1])])
        }
        #expect(throws: PacketizationError.truncatedOpusPacket(at: 1, need: 1)) {
            try OpusPacketizer.sampleCount(of: ByteBuffer(bytes: [0x03]))
        }
        #expect(throws: PacketizationError.badOpusFrameCount(0)) {
            try OpusPacketizer.sampleCount(of: ByteBuffer(bytes: [0x03, 0x00]))
        }
        // 7 x 20 ms is more than 120 ms.
        #expect(throws: PacketizationError.badOpusFrameCount(7)) {
            try OpusPacketizer.sampleCount(of: ByteBuffer(bytes: [0x0B, 0x07]))
        }
    }

    @Test func annexBSplittingNeverTraps() {
        var random = SeededRandom(seed: 6)
        for bytes in Mutations.garbage(count: 300, maxLength: 64, using: &random) {
            // Zeros and ones make start codes likely.
            let stream = ByteBuffer(bytes: bytes.map { $0 % 3 })
            for unit in H264AnnexB.nalUnits(in: stream) {
                #expect(unit.readableBytes > 0)
                #expect(unit.getInteger(at: unit.readerIndex + unit.readableBytes - 1, as: UInt8.self) != 0)
            }
        }
    }
}
