import NIOCore
import TestSupport
import Testing

@testable import DataChannel

/// DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK (RFC 8832 §5), field by field.
@Suite struct RFC8832DCEPTests {
    @Test func openReliableOrdered() throws {
        let bytes = hexBytes(
            """
            03          // DATA_CHANNEL_OPEN
            00          // DATA_CHANNEL_RELIABLE
            0100        // priority 256
            00000000    // reliability parameter
            0004        // label length 4
            0000        // protocol length 0
            63 68 61 74 // "chat"
            """)
        let message = try DCEPMessage(parsing: ByteBuffer(bytes: bytes))
        #expect(message == .open(channelType: .reliableOrdered, priority: 256, label: "chat", protocol: ""))
        #expect(Array(message.serialized().readableBytesView) == bytes)
    }

    @Test func openPartialReliableUnordered() throws {
        let bytes = hexBytes(
            """
            03 81       // OPEN, PARTIAL_RELIABLE_REXMIT_UNORDERED
            0000        // priority
            00000003    // 3 retransmissions
            0001 0003   // label 1 byte, protocol 3 bytes
            78          // "x"
            6a 73 6e    // "jsn"
            """)
        let message = try DCEPMessage(parsing: ByteBuffer(bytes: bytes))
        #expect(message == .open(
            channelType: DataChannelType(ordered: false, reliability: .maxRetransmits(3)), priority: 0, label: "x", protocol: "jsn"))
        #expect(Array(message.serialized().readableBytesView) == bytes)
    }

    @Test func openTimed() throws {
        let bytes = hexBytes("03 02 0000 000003e8 0000 0000")
        #expect(try DCEPMessage(parsing: ByteBuffer(bytes: bytes)) == .open(
            channelType: DataChannelType(ordered: true, reliability: .lifetime(milliseconds: 1000)), priority: 0, label: "", protocol: ""))
    }

    @Test func ack() throws {
        #expect(try DCEPMessage(parsing: ByteBuffer(bytes: [0x02])) == .ack)
        #expect(Array(DCEPMessage.ack.serialized().readableBytesView) == [0x02])
    }

    @Test func badMessages() {
        #expect(throws: DCEPError.truncated(at: 0, need: 1)) { try DCEPMessage(parsing: ByteBuffer()) }
        #expect(throws: DCEPError.unknownMessageType(0x07)) { try DCEPMessage(parsing: ByteBuffer(bytes: [0x07])) }
        #expect(throws: DCEPError.truncated(at: 1, need: 11)) { try DCEPMessage(parsing: ByteBuffer(bytes: [0x03, 0x00])) }
        #expect(throws: DCEPError.unknownChannelType(0x05)) {
            try DCEPMessage(parsing: ByteBuffer(bytes: hexBytes("03 05 0000 00000000 0000 0000")))
        }
        #expect(throws: DCEPError.truncated(at: 12, need: 0x10)) {
            try DCEPMessage(parsing: ByteBuffer(bytes: hexBytes("03 00 0000 00000000 0008 0008 41")))
        }
    }

    @Test func payloadProtocols() {
        #expect(DataChannelPayloadProtocol.forMessage(binary: false, empty: false).rawValue == 51)
        #expect(DataChannelPayloadProtocol.forMessage(binary: true, empty: false).rawValue == 53)
        #expect(DataChannelPayloadProtocol.forMessage(binary: false, empty: true).rawValue == 56)
        #expect(DataChannelPayloadProtocol.forMessage(binary: true, empty: true).rawValue == 57)
        #expect(DataChannelPayloadProtocol.control.rawValue == 50)
    }
}
