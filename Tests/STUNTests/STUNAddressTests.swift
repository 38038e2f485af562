import NIOCore
import STUN
import TestSupport
import Testing

@Suite struct STUNAddressTests {
    func v6(_ hex: String, port: UInt16 = 5000) -> STUNAddress {
        STUNAddress(ipBytes: hexBytes(hex), port: port)!
    }

    @Test func descriptions() {
        #expect(STUNAddress(ipv4: 127, 0, 0, 1, port: 5000).description == "127.0.0.1:5000")
        #expect(STUNAddress(ipv4: 255, 255, 255, 255, port: 65535).description == "255.255.255.255:65535")
        #expect(v6("00000000000000000000000000000001").description == "[::1]:5000")
        #expect(v6("00000000000000000000000000000000", port: 1).description == "[::]:1")
        #expect(v6("20010db8000000000000000000000001").description == "[2001:db8::1]:5000")
        #expect(v6("20010db8000000010001000100010001").ipDescription == "2001:db8:0:1:1:1:1:1")
        #expect(v6("00010000000000010000000000000001").ipDescription == "1:0:0:1::1")  // longest run
        #expect(v6("00010000000000010000000000010001").ipDescription == "1::1:0:0:1:1")  // tie: first
        #expect(v6("00010000000000010001000000000000").ipDescription == "1:0:0:1:1::")
        #expect(v6("fe800000000000000000000000000000").ipDescription == "fe80::")
        #expect(v6("ABCD0000000000000000000000000000").ipDescription == "abcd::")
    }

    @Test func bytes() {
        let v4 = STUNAddress(ipv4: 192, 0, 2, 1, port: 1)
        #expect(v4.ip == .v4(0xC000_0201))
        #expect(v4.ipBytes == [192, 0, 2, 1])
        #expect(v4.family == 1)
        #expect(STUNAddress(ipBytes: [192, 0, 2, 1], port: 1) == v4)
        let bytes = hexBytes("20010db8 12345678 00112233 44556677")
        let address = v6("20010db8123456780011223344556677")
        #expect(address.ip == .v6(0x2001_0DB8_1234_5678, 0x0011_2233_4455_6677))
        #expect(address.ipBytes == bytes)
        #expect(address.family == 2)
        #expect(STUNAddress(ipBytes: [1, 2, 3], port: 1) == nil)
        #expect(STUNAddress(ipBytes: [UInt8](repeating: 0, count: 5), port: 1) == nil)
    }

    @Test func plainMappedAddressIsNotXored() throws {
        let message = STUNMessage(
            type: .bindingSuccess, transactionID: STUNTransactionID(upper: 0, lower: 0),
            attributes: [.mappedAddress(STUNAddress(ipv4: 192, 0, 2, 1, port: 32853))])
        let bytes = Array(message.serialized().readableBytesView)
        #expect(Array(bytes[20...]) == hexBytes("0001 0008 0001 8055 c0000201"))
        #expect(try STUNMessage(parsing: bytes).mappedAddress == STUNAddress(ipv4: 192, 0, 2, 1, port: 32853))
    }
}

/// The demultiplexer's quick test (RFC 7983).
@Suite struct STUNDetectionTests {
    @Test func vectorsAreSTUN() {
        for bytes in [RFC5769TestVectors.sampleRequest, RFC5769TestVectors.ipv4Response,
                      RFC5769TestVectors.ipv6Response, RFC5769TestVectors.longTermRequest] {
            #expect(STUNMessage.isLikelySTUN(bytes))
            #expect(STUNMessage.isLikelySTUN(ByteBuffer(bytes: bytes)))
        }
    }

    @Test func otherProtocolsAreNot() {
        let stun = RFC5769TestVectors.ipv4Response
        var rtp = stun
        rtp[0] = 0x80  // RTP version 2
        #expect(!STUNMessage.isLikelySTUN(rtp))
        var dtls = stun
        dtls[0] = 0x16  // DTLS handshake
        #expect(!STUNMessage.isLikelySTUN(dtls))
        var cookie = stun
        cookie[7] ^= 1
        #expect(!STUNMessage.isLikelySTUN(cookie))
        #expect(!STUNMessage.isLikelySTUN(stun + [0, 0, 0, 0]))
        #expect(!STUNMessage.isLikelySTUN(Array(stun.prefix(19))))
        #expect(!STUNMessage.isLikelySTUN([]))
        var oddLength = hexBytes("0001 0002 2112a442 000000000000000000000000 0000")
        #expect(!STUNMessage.isLikelySTUN(oddLength))
        oddLength[3] = 0
        #expect(!STUNMessage.isLikelySTUN(oddLength))
    }

    @Test func respectsReaderIndex() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF] + RFC5769TestVectors.ipv6Response)
        #expect(!STUNMessage.isLikelySTUN(buffer))
        buffer.moveReaderIndex(forwardBy: 2)
        #expect(STUNMessage.isLikelySTUN(buffer))
        #expect((try? STUNMessage(parsing: buffer))?.xorMappedAddress?.port == 32853)
    }
}
