import NIOCore
import RTCP
import TestSupport
import Testing

/// value -> bytes -> value, and bytes -> value -> bytes, for random values
/// of every type.
@Suite struct RoundTripTests {
    static let cases = 300

    private func roundTrip<T: RTCPWireValue>(_ make: (inout RandomPackets) -> T, seed: UInt64) throws {
        var random = RandomPackets(seed: seed)
        for index in 0..<Self.cases {
            let value = make(&random)
            let bytes = serialize(value)
            #expect(bytes.count % 4 == 0, "case \(index): not 32-bit aligned")
            let parsed = try parse(T.self, bytes)
            #expect(parsed == value, "case \(index) of seed \(seed)")
            #expect(serialize(parsed) == bytes, "case \(index) of seed \(seed)")
            // Every type also parses through the generic entry points.
            var buffer = ByteBuffer(bytes: bytes)
            let packet = try RTCPPacket(parsing: &buffer)
            #expect(serialize(packet) == bytes)
        }
    }

    @Test func senderReport() throws { try roundTrip({ $0.senderReport() }, seed: 200) }
    @Test func receiverReport() throws { try roundTrip({ $0.receiverReport() }, seed: 201) }
    @Test func sourceDescription() throws { try roundTrip({ $0.sourceDescription() }, seed: 202) }
    @Test func goodbye() throws { try roundTrip({ $0.goodbye() }, seed: 203) }
    @Test func applicationDefined() throws { try roundTrip({ $0.applicationDefined() }, seed: 204) }
    @Test func transportLayerNACK() throws { try roundTrip({ $0.nack() }, seed: 2051) }
    @Test func transportLayerCC() throws { try roundTrip({ $0.transportLayerCC() }, seed: 20515) }
    @Test func pictureLossIndication() throws { try roundTrip({ $0.pictureLossIndication() }, seed: 2061) }
    @Test func fullIntraRequest() throws { try roundTrip({ $0.fullIntraRequest() }, seed: 2064) }
    @Test func remb() throws { try roundTrip({ $0.remb() }, seed: 20615) }
    @Test func unknownPackets() throws { try roundTrip({ $0.unknown() }, seed: 207) }

    @Test func unalignedDataGetsPadding() throws {
        var random = RandomPackets(seed: 1)
        for _ in 0..<Self.cases {
            let packets: [RTCPPacket] = [
                .senderReport(random.senderReport(aligned: false)),
                .receiverReport(random.receiverReport(aligned: false)),
                .applicationDefined(random.applicationDefined(aligned: false)),
            ]
            for packet in packets {
                let bytes = serialize(packet)
                #expect(bytes.count % 4 == 0)
                #expect(try parse(RTCPPacket.self, bytes) == packet)
            }
        }
    }

    @Test func compounds() throws {
        var random = RandomPackets(seed: 3550)
        for index in 0..<Self.cases {
            let compound = random.compound()
            let bytes = serialize(compound)
            let parsed = try parse(RTCPCompoundPacket.self, bytes)
            #expect(parsed == compound, "case \(index)")
            // The iterator sees the same packets at the same offsets.
            var iterator = RTCPPacketIterator(ByteBuffer(bytes: bytes))
            var offset = 0
            var packets: [RTCPPacket] = []
            while let element = try iterator.next() {
                #expect(element.offset == offset)
                offset += element.header.packetSize
                packets.append(try iterator.packet(element))
            }
            #expect(offset == bytes.count)
            #expect(packets == compound.packets)
        }
    }
}
