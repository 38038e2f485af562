// VP8, VP9 and H.264 payload parsers under libFuzzer. The first input byte
// picks the codec, the rest is the RTP payload. Each either throws
// PayloadDescriptorError or parses; parsed VP8/VP9 descriptors are rewritten
// in place and read back, and written out and parsed again unchanged.
// Every codec family's `parsePayload` (the forwarder's one parse per
// packet) runs on the same payload: a new family is fuzzed from here.
import FuzzSupport
import NIOCore
import RTP

runFuzzer { bytes in
    guard let selector = bytes.first else { return }
    var payload = ByteBuffer(bytes: bytes.dropFirst())
    for family in CodecFamily.allCases {
        let info = family.parsePayload(payload)
        precondition(info == nil || family.startsKeyframe(payload: payload) == info?.isKeyframe, "family parse")
    }
    switch selector % 3 {
    case 0:
        guard var descriptor = try? VP8PayloadDescriptor(parsing: payload) else { return }
        _ = descriptor.startsKeyframe(payload: payload)
        var written = ByteBuffer()
        descriptor.write(into: &written)
        precondition((try? VP8PayloadDescriptor(parsing: written)) == descriptor, "VP8 descriptor round trip")
        if descriptor.setPictureID(0x1234, in: &payload, payloadIndex: payload.readerIndex) {
            let reread = try? VP8PayloadDescriptor(parsing: payload)
            precondition(reread?.pictureID == 0x1234 & descriptor.pictureIDMask, "VP8 picture ID rewrite")
        }
        if descriptor.setTL0PictureIndex(7, in: &payload, payloadIndex: payload.readerIndex) {
            precondition((try? VP8PayloadDescriptor(parsing: payload))?.tl0PictureIndex == 7, "VP8 TL0PICIDX rewrite")
        }
    case 1:
        guard var descriptor = try? VP9PayloadDescriptor(parsing: payload) else { return }
        _ = descriptor.startsKeyframe
        let structure = try? descriptor.scalabilityStructure(in: payload)
        if descriptor.setPictureID(0x55, in: &payload, payloadIndex: payload.readerIndex) {
            precondition((try? VP9PayloadDescriptor(parsing: payload))?.pictureID == 0x55, "VP9 picture ID rewrite")
        }
        if descriptor.scalabilityStructureLocation == nil || structure != nil {
            var written = ByteBuffer()
            descriptor.write(into: &written, scalabilityStructure: structure ?? nil)
            let reparsed = try? VP9PayloadDescriptor(parsing: written)
            precondition(reparsed?.layerIndices == descriptor.layerIndices, "VP9 descriptor round trip")
        }
    default:
        guard let h264 = try? H264Payload(parsing: payload) else { return }
        _ = h264.startsKeyframe
        for unit in h264.nalUnits(in: payload) { _ = unit }
    }
}
