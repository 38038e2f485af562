import NIOCore
import RTCP
import RTP

@testable import Rooms

/// A simulcast VP8 publisher on a manual clock: three layers at 30 frames
/// per second, each frame cut into packets of at most 1,000 bytes, with
/// its own sequence numbers, timestamps and picture IDs per layer; a
/// keyframe on a layer whenever the server's PLI for its SSRC arrived.
struct SimulcastPublisherSimulator {
    struct Layer {
        var rid: String
        var ssrc: UInt32
        var frameBytes: Int
        var sequence: UInt16
        var timestamp: UInt32
        var pictureID: UInt16
        var needsKeyframe = true
    }

    var layers: [Layer]
    let payloadType: UInt8
    let midID: UInt8
    let ridID: UInt8
    let mid: String

    init(rids: [String], payloadType: UInt8, midID: UInt8, ridID: UInt8, mid: String) {
        // About 150 kbit/s, 500 kbit/s and 1.5 Mbit/s.
        let sizes = [625, 2_083, 6_250]
        layers = rids.enumerated().map { index, rid in
            Layer(
                rid: rid, ssrc: 7_000 + UInt32(index), frameBytes: sizes[min(index, 2)],
                sequence: UInt16(index * 10_000), timestamp: UInt32(index) * 1_000_000,
                pictureID: UInt16(index * 3_000))
        }
        self.payloadType = payloadType
        self.midID = midID
        self.ridID = ridID
        self.mid = mid
    }

    /// Takes the server's RTCP to the publisher: PLIs ask for keyframes.
    mutating func receive(_ rtcp: [ByteBuffer]) {
        for buffer in rtcp {
            var iterator = RTCPPacketIterator(buffer)
            while let element = try? iterator.next() {
                guard case .pictureLossIndication(let pli)? = try? iterator.packet(element) else { continue }
                for index in layers.indices where layers[index].ssrc == pli.mediaSSRC {
                    layers[index].needsKeyframe = true
                }
            }
        }
    }

    /// One frame of every layer, as packets.
    mutating func frame() -> [ByteBuffer] {
        var packets: [ByteBuffer] = []
        for index in layers.indices {
            let keyframe = layers[index].needsKeyframe
            layers[index].needsKeyframe = false
            var remaining = layers[index].frameBytes * (keyframe ? 3 : 1)
            var first = true
            while remaining > 0 {
                let chunk = min(remaining, 1_000)
                remaining -= chunk
                var payload = ByteBuffer()
                VP8PayloadDescriptor(isStartOfPartition: first, pictureID: layers[index].pictureID, hasLongPictureID: true)
                    .write(into: &payload)
                if first { payload.writeInteger(UInt8(keyframe ? 0x10 : 0x11)) }
                payload.writeRepeatingByte(0x42, count: chunk)
                let fields = RTPPacketFields(
                    marker: remaining == 0, payloadType: payloadType, sequenceNumber: layers[index].sequence,
                    timestamp: layers[index].timestamp, ssrc: layers[index].ssrc,
                    headerExtension: .elements([
                        RTPHeaderExtensionElement(id: midID, value: Array(mid.utf8)),
                        RTPHeaderExtensionElement(id: ridID, value: Array(layers[index].rid.utf8)),
                    ]), payload: payload)
                packets.append(try! fields.encoded())
                layers[index].sequence &+= 1
                first = false
            }
            layers[index].timestamp &+= 3_000
            layers[index].pictureID = (layers[index].pictureID &+ 1) & 0x7FFF
        }
        return packets
    }
}
