import NIOCore
import RTP
import Testing
import TestSupport

/// Truncations, corruptions and garbage through every parser: each must
/// parse or throw its typed error, never trap. After a successful parse the
/// lazy accessors are exercised too, since they must not trap either.
@Suite struct BadInputTests {
    static let rtpVectors = [
        RFC3550HeaderTests.simple, RFC3550HeaderTests.csrcsAndPadding, RFC3550HeaderTests.profileSpecificExtension,
        RFC8285TestVectors.oneByteForm, RFC8285TestVectors.twoByteForm, InPlaceRewriteTests.vp8Packet,
    ].map(hexBytes)

    static let payloadVectors = [
        RFC7741TestVectors.shortPictureID, RFC7741TestVectors.longPictureID, RFC7741TestVectors.keyIndexOnly,
        RFC9628TestVectors.keyframeWithSS, RFC9628TestVectors.flexibleInterFrame,
        RFC6184TestVectors.stapA, RFC6184TestVectors.fuAStart, RFC6184TestVectors.idr,
    ].map(hexBytes)

    static func inputs(from vectors: [[UInt8]], seed: UInt64) -> [[UInt8]] {
        var random = SeededRandom(seed: seed)
        var inputs: [[UInt8]] = []
        for vector in vectors {
            inputs += Mutations.truncations(of: vector)
            inputs += Mutations.corruptions(of: vector, count: 150, using: &random)
        }
        inputs += Mutations.garbage(count: 500, maxLength: 64, using: &random)
        return inputs
    }

    /// Runs everything a receiver would do with a packet.
    static func exercise(_ bytes: [UInt8]) -> Bool {
        // Read from the middle of a larger buffer, as from a datagram.
        var packet = ByteBuffer(bytes: [0xEE] + bytes)
        packet.moveReaderIndex(forwardBy: 1)
        guard var header = try? RTPHeader(parsing: packet) else { return false }
        #expect(header.packetLength == bytes.count)
        #expect(header.payloadRange.upperBound <= bytes.count)
        for element in header.extensionElements(in: packet) {
            #expect(element.valueRange.upperBound <= header.extensionRange.upperBound)
            _ = try? header.extensionValue(AudioLevelExtension.self, id: element.id, in: packet)
            _ = try? header.extensionValue(SDESStringExtension.self, id: element.id, in: packet)
        }
        for id in UInt8.min...UInt8.max { _ = header.extensionValueRange(id: id, in: packet) }
        for index in 0..<header.csrcCount { #expect(header.csrc(at: index, in: packet) != nil) }
        _ = try? RTPPacketFields(parsing: packet).encoded()
        if let payload = header.payload(in: packet) { exercisePayload(payload) }
        header.setSequenceNumber(1, in: &packet)
        header.setPayloadType(0xFF, in: &packet)
        return true
    }

    static func exercisePayload(_ payload: ByteBuffer) {
        if var vp8 = try? VP8PayloadDescriptor(parsing: payload) {
            #expect(vp8.length <= payload.readableBytes)
            _ = vp8.startsKeyframe(payload: payload)
            var copy = payload
            vp8.setPictureID(0xFFFF, in: &copy, payloadIndex: copy.readerIndex)
            vp8.setTL0PictureIndex(1, in: &copy, payloadIndex: copy.readerIndex)
        }
        if var vp9 = try? VP9PayloadDescriptor(parsing: payload) {
            #expect(vp9.length <= payload.readableBytes)
            _ = try? vp9.scalabilityStructure(in: payload)
            var copy = payload
            vp9.setPictureID(0xFFFF, in: &copy, payloadIndex: copy.readerIndex)
            vp9.setTL0PictureIndex(1, in: &copy, payloadIndex: copy.readerIndex)
        }
        if let h264 = try? H264Payload(parsing: payload) {
            for unit in h264.nalUnits(in: payload) { #expect(unit.range.upperBound <= payload.readableBytes) }
        }
        _ = try? VP9ScalabilityStructure(parsing: payload)
    }

    @Test func rtpParsersNeverTrap() {
        var parsed = 0
        for input in Self.inputs(from: Self.rtpVectors, seed: 3550) where Self.exercise(input) {
            parsed += 1
        }
        #expect(parsed > 0)
    }

    @Test func payloadParsersNeverTrap() {
        for input in Self.inputs(from: Self.payloadVectors, seed: 7741) {
            Self.exercisePayload(ByteBuffer(bytes: input))
        }
    }

    @Test func truncationsOfValidPacketsFail() {
        // Every proper prefix of a packet without padding is either too short
        // or parses with a shorter payload; never with a longer one.
        for vector in Self.rtpVectors {
            for prefix in Mutations.truncations(of: vector) {
                if let header = try? RTPHeader(parsing: prefix) {
                    #expect(header.packetLength == prefix.count)
                }
            }
            #expect(throws: RTPError.self) { try RTPHeader(parsing: Array(vector.prefix(11))) }
        }
    }

    @Test func extensionValueErrors() {
        #expect(throws: RTPError.badExtensionValueLength(expected: 1...1, got: 2)) {
            try AudioLevelExtension(parsing: buffer("80 00"))
        }
        #expect(throws: RTPError.badExtensionValueLength(expected: 2...2, got: 1)) {
            try TransportSequenceNumberExtension(parsing: buffer("01"))
        }
        #expect(throws: RTPError.badExtensionValueLength(expected: 3...3, got: 0)) {
            try AbsoluteSendTimeExtension(parsing: ByteBuffer())
        }
        #expect(throws: RTPError.badExtensionValueLength(expected: 1...255, got: 0)) {
            try SDESStringExtension(parsing: ByteBuffer())
        }
        #expect(throws: RTPError.badExtensionValue(at: 0)) {
            try SDESStringExtension(parsing: buffer("c3 28  // invalid UTF-8"))
        }
        #expect(throws: RTPError.badExtensionValueLength(expected: 1...1, got: 3)) {
            try VideoOrientationExtension(parsing: buffer("00 00 00"))
        }
    }
}
