// RTP parser under libFuzzer: any input either throws RTPError or parses
// into a packet whose extensions can be walked and whose header fields can
// be rewritten in place and read back, and whose fields survive a
// write/parse round trip.
import FuzzSupport
import NIOCore
import RTP

runFuzzer { bytes in
    let buffer = ByteBuffer(bytes: bytes)
    guard var packet = try? RTPPacket(parsing: buffer) else { return }
    for element in packet.extensionElements {
        _ = packet.extensionValue(id: element.id)
    }
    _ = try? packet.extensionValue(AudioLevelExtension.self, id: 1)
    _ = packet.csrc(at: 0)
    let payload = packet.payload

    packet.ssrc = 0xDEAD_BEEF
    packet.sequenceNumber = packet.sequenceNumber &+ 1
    packet.timestamp = packet.timestamp &+ 90_000
    packet.payloadType = 111
    guard let rewritten = try? RTPPacket(parsing: packet.buffer) else {
        fatalError("an RTP packet rewritten in place no longer parses")
    }
    precondition(rewritten.ssrc == 0xDEAD_BEEF && rewritten.payloadType == 111, "in-place rewrite lost")
    precondition(rewritten.payload == payload, "in-place rewrite touched the payload")

    guard let fields = try? RTPPacketFields(parsing: buffer), let encoded = try? fields.encoded() else { return }
    guard let reparsed = try? RTPPacketFields(parsing: encoded) else {
        fatalError("RTP packet fields did not parse after writing")
    }
    precondition(reparsed == fields, "RTP round trip changed the packet")
}
