import NIOCore
import RTP
import Testing
import TestSupport

/// Round trips of random valid values: value -> bytes -> value and
/// bytes -> value -> bytes, with fixed seeds.
@Suite struct RTPPropertyTests {
    static func randomElements(oneByte: Bool, using random: inout SeededRandom) -> [RTPHeaderExtensionElement] {
        var ids = oneByte ? Array(1...14) : Array(1...255)
        ids.shuffle(using: &random)
        let count = Int.random(in: 0...(oneByte ? 6 : 4), using: &random)
        return ids.prefix(count).map { id in
            let length = oneByte ? Int.random(in: 1...16, using: &random) : Int.random(in: 0...40, using: &random)
            return RTPHeaderExtensionElement(id: UInt8(id), value: random.bytes(length))
        }
    }

    static func randomPacket(using random: inout SeededRandom) -> RTPPacketFields {
        let headerExtension: RTPHeaderExtensionBlock?
        switch Int.random(in: 0...3, using: &random) {
        case 0: headerExtension = nil
        case 1: headerExtension = .oneByte(randomElements(oneByte: true, using: &random))
        case 2: headerExtension = .twoByte(appBits: UInt8.random(in: 0...15, using: &random), randomElements(oneByte: false, using: &random))
        default:
            let profile = UInt16.random(in: 0...0x0FFF, using: &random)  // neither 0xBEDE nor 0x100X
            headerExtension = .profileSpecific(profile: profile, data: random.bytes(4 * Int.random(in: 0...4, using: &random)))
        }
        return RTPPacketFields(
            marker: Bool.random(using: &random), payloadType: UInt8.random(in: 0...127, using: &random),
            sequenceNumber: UInt16.random(in: .min ... .max, using: &random),
            timestamp: UInt32.random(in: .min ... .max, using: &random), ssrc: UInt32.random(in: .min ... .max, using: &random),
            csrcs: (0..<Int.random(in: 0...15, using: &random)).map { _ in UInt32.random(in: .min ... .max, using: &random) },
            headerExtension: headerExtension, payload: ByteBuffer(bytes: random.bytes(Int.random(in: 0...200, using: &random))),
            paddingLength: Bool.random(using: &random) ? 0 : Int.random(in: 1...255, using: &random))
    }

    @Test func rtpPacketRoundTrip() throws {
        var random = SeededRandom(seed: 0x5254_5031)
        for _ in 0..<400 {
            let fields = Self.randomPacket(using: &random)
            let encoded = try fields.encoded()
            #expect(encoded.readableBytes == (try fields.encodedLength()))
            let header = try RTPHeader(parsing: encoded)
            #expect(header.marker == fields.marker)
            #expect(header.payloadType == fields.payloadType)
            #expect(header.sequenceNumber == fields.sequenceNumber)
            #expect(header.timestamp == fields.timestamp)
            #expect(header.ssrc == fields.ssrc)
            #expect(header.csrcCount == fields.csrcs.count)
            #expect(header.paddingLength == fields.paddingLength)
            #expect(header.payloadRange.count == fields.payload.readableBytes)
            #expect(header.packetLength == encoded.readableBytes)
            switch fields.headerExtension {
            case .oneByte(let elements), .twoByte(_, let elements):
                #expect(Self.elementsOf(header, encoded) == elements)
                for element in elements {
                    #expect(header.extensionValue(id: element.id, in: encoded).map(bytes) == element.value)
                }
            default:
                break
            }
            let parsed = try RTPPacketFields(parsing: encoded)
            #expect(parsed == fields)
            #expect(bytes(try parsed.encoded()) == bytes(encoded))
        }
    }

    static func elementsOf(_ header: RTPHeader, _ buffer: ByteBuffer) -> [RTPHeaderExtensionElement] {
        elements(of: header, in: buffer)
    }

    @Test func automaticFormRoundTrip() throws {
        var random = SeededRandom(seed: 0x8285)
        for _ in 0..<200 {
            let elements = Self.randomElements(oneByte: Bool.random(using: &random), using: &random)
            let block = RTPHeaderExtensionBlock.elements(elements)
            let fields = RTPPacketFields(payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3, headerExtension: block)
            let encoded = try fields.encoded()
            let header = try RTPHeader(parsing: encoded)
            let fitsOneByte = elements.allSatisfy { $0.id <= 14 && (1...16).contains($0.value.count) }
            #expect(header.extensionProfile?.isOneByte == fitsOneByte)
            #expect(Self.elementsOf(header, encoded) == elements)
        }
    }

    static func randomVP8(using random: inout SeededRandom) -> VP8PayloadDescriptor {
        let long = Bool.random(using: &random)
        let hasT = Bool.random(using: &random)
        let hasK = Bool.random(using: &random)
        return VP8PayloadDescriptor(
            isNonReference: Bool.random(using: &random), isStartOfPartition: Bool.random(using: &random),
            partitionIndex: UInt8.random(in: 0...7, using: &random),
            pictureID: Bool.random(using: &random) ? UInt16.random(in: 0...(long ? 0x7FFF : 0x7F), using: &random) : nil,
            hasLongPictureID: long,
            tl0PictureIndex: Bool.random(using: &random) ? UInt8.random(in: .min ... .max, using: &random) : nil,
            temporalLayerIndex: hasT ? UInt8.random(in: 0...3, using: &random) : nil,
            isLayerSync: Bool.random(using: &random),
            keyIndex: hasK ? UInt8.random(in: 0...31, using: &random) : nil)
    }

    @Test func vp8RoundTrip() throws {
        var random = SeededRandom(seed: 0x7741)
        for _ in 0..<300 {
            let descriptor = Self.randomVP8(using: &random)
            var out = ByteBuffer()
            descriptor.write(into: &out)
            #expect(out.readableBytes == descriptor.length)
            let parsed = try VP8PayloadDescriptor(parsing: out)
            #expect(parsed == descriptor)
            var again = ByteBuffer()
            parsed.write(into: &again)
            #expect(again == out)
        }
    }

    static func randomVP9(using random: inout SeededRandom) -> VP9PayloadDescriptor {
        let flexible = Bool.random(using: &random)
        let predicted = Bool.random(using: &random)
        let long = Bool.random(using: &random)
        let layers: VP9PayloadDescriptor.LayerIndices? =
            Bool.random(using: &random)
            ? .init(
                temporalID: UInt8.random(in: 0...7, using: &random), isSwitchingUpPoint: Bool.random(using: &random),
                spatialID: UInt8.random(in: 0...7, using: &random), isInterLayerDependent: Bool.random(using: &random))
            : nil
        let differences =
            flexible && predicted
            ? VP9ReferenceDifferences((0..<Int.random(in: 1...3, using: &random)).map { _ in UInt8.random(in: 1...127, using: &random) })
            : VP9ReferenceDifferences()
        return VP9PayloadDescriptor(
            isInterPicturePredicted: predicted, isFlexibleMode: flexible, isStartOfFrame: Bool.random(using: &random),
            isEndOfFrame: Bool.random(using: &random), isNotUsedForUpperSpatialLayer: Bool.random(using: &random),
            pictureID: Bool.random(using: &random) ? UInt16.random(in: 0...(long ? 0x7FFF : 0x7F), using: &random) : nil,
            hasLongPictureID: long, layerIndices: layers,
            tl0PictureIndex: layers != nil && !flexible ? UInt8.random(in: .min ... .max, using: &random) : nil,
            referenceDifferences: differences)
    }

    static func randomSS(using random: inout SeededRandom) -> VP9ScalabilityStructure {
        let layers = Int.random(in: 1...8, using: &random)
        let resolutions: [VP9ScalabilityStructure.Resolution]? =
            Bool.random(using: &random)
            ? (0..<layers).map { _ in
                .init(width: UInt16.random(in: .min ... .max, using: &random), height: UInt16.random(in: .min ... .max, using: &random))
            } : nil
        let group: [VP9ScalabilityStructure.PictureGroupEntry]? =
            Bool.random(using: &random)
            ? (0..<Int.random(in: 0...6, using: &random)).map { _ in
                .init(
                    temporalID: UInt8.random(in: 0...7, using: &random), isSwitchingUpPoint: Bool.random(using: &random),
                    referenceDifferences: .init(random.bytes(Int.random(in: 0...3, using: &random))))
            } : nil
        return VP9ScalabilityStructure(spatialLayerCount: layers, resolutions: resolutions, pictureGroup: group)
    }

    @Test func vp9RoundTrip() throws {
        var random = SeededRandom(seed: 0x9628)
        for _ in 0..<300 {
            let descriptor = Self.randomVP9(using: &random)
            let structure = Bool.random(using: &random) ? Self.randomSS(using: &random) : nil
            var out = ByteBuffer()
            descriptor.write(into: &out, scalabilityStructure: structure)
            let parsed = try VP9PayloadDescriptor(parsing: out)
            #expect(parsed.length == out.readableBytes)
            #expect(try parsed.scalabilityStructure(in: out) == structure)
            var withoutLocation = parsed
            withoutLocation.scalabilityStructureLocation = nil
            #expect(withoutLocation == descriptor)
            var again = ByteBuffer()
            parsed.write(into: &again, scalabilityStructure: try parsed.scalabilityStructure(in: out))
            #expect(again == out)
        }
    }

    @Test func h264STAPARoundTrip() throws {
        var random = SeededRandom(seed: 0x6184)
        for _ in 0..<200 {
            let units = (0..<Int.random(in: 1...5, using: &random)).map { _ in
                // A NAL header with F=0, random NRI and a type 1-23, then data.
                let header = UInt8.random(in: 0...3, using: &random) << 5 | UInt8.random(in: 1...23, using: &random)
                return ByteBuffer(bytes: [header] + random.bytes(Int.random(in: 0...60, using: &random)))
            }
            var out = ByteBuffer()
            try H264Payload.writeSTAPA(units, into: &out)
            let parsed = try H264Payload(parsing: out)
            #expect(parsed.packetization == .stapA(nalUnitCount: units.count))
            #expect(parsed.startsKeyframe == units.contains { [5, 7].contains($0.readableBytesView.first! & 0x1F) })
            let walked = parsed.nalUnits(in: out)
            #expect(walked.compactMap { walked.bytes(of: $0) } == units)
            #expect(parsed.nalReferenceIndicator == units.map { ($0.readableBytesView.first! >> 5) & 3 }.max())
        }
    }
}
