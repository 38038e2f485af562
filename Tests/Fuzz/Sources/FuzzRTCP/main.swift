// RTCP parsers under libFuzzer: any datagram either throws RTCPError or
// parses into a compound packet that survives a write/parse round trip;
// the non-allocating iterator and the TWCC and NACK decoders run on every
// packet and agree with the compound parser.
import FuzzSupport
import NIOCore
import RTCP

runFuzzer { bytes in
    let datagram = ByteBuffer(bytes: bytes)
    var iterator = RTCPPacketIterator(datagram)
    var iterated = 0
    while let element = try? iterator.next() {
        iterated += 1
        _ = iterator.body(of: element)
        _ = try? iterator.packet(element)
    }

    var input = datagram
    guard let compound = try? RTCPCompoundPacket(parsing: &input) else { return }
    precondition(compound.packets.count == iterated, "iterator and compound parser disagree")
    for packet in compound.packets {
        switch packet {
        case .transportLayerCC(let feedback): _ = try? feedback.packetResults()
        case .transportLayerNACK(let nack): _ = nack.lostSequenceNumbers
        case .receiverEstimatedMaximumBitrate(let remb): _ = remb.bitrate
        default: break
        }
    }
    var written = ByteBuffer()
    compound.write(into: &written)
    precondition(written.readableBytes == compound.serializedSize, "RTCP serializedSize is wrong")
    guard let reparsed = try? RTCPCompoundPacket(parsing: &written) else {
        fatalError("a parsed RTCP compound packet did not parse after writing")
    }
    precondition(reparsed == compound, "RTCP round trip changed the packets")
}
