import NIOCore
import STUN
import TestSupport
import Testing

/// Each malformation gives its own `STUNError` case, with what and where.
@Suite struct STUNErrorTests {
    static let header = "0001 0000 2112a442 000102030405060708090a0b"

    /// A Binding request header with a patched length, then `body`.
    func message(_ body: String) -> [UInt8] {
        var bytes = hexBytes(Self.header) + hexBytes(body)
        let length = bytes.count - 20
        bytes[2] = UInt8(length >> 8)
        bytes[3] = UInt8(length & 0xFF)
        return bytes
    }

    func parseError(_ bytes: [UInt8]) -> STUNError? {
        do {
            _ = try STUNMessage(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func headerErrors() {
        #expect(parseError([]) == .truncated(at: 0, need: 20))
        #expect(parseError(Array(hexBytes(Self.header).prefix(19))) == .truncated(at: 0, need: 20))
        #expect(parseError(hexBytes("4001 0000 2112a442 000102030405060708090a0b")) == .notSTUN(firstByte: 0x40))
        #expect(parseError(hexBytes("8001 0000 2112a442 000102030405060708090a0b")) == .notSTUN(firstByte: 0x80))
        #expect(parseError(hexBytes("0001 0000 2112a443 000102030405060708090a0b")) == .badMagicCookie(0x2112_A443))
        #expect(parseError(hexBytes("0001 0003 2112a442 000102030405060708090a0b 000000")) == .lengthNotMultipleOfFour(3))
        #expect(parseError(hexBytes("0001 0008 2112a442 000102030405060708090a0b 00250000"))
            == .lengthMismatch(declared: 8, actual: 4))
        #expect(parseError(hexBytes("0001 0000 2112a442 000102030405060708090a0b 00250000"))
            == .lengthMismatch(declared: 0, actual: 4))
        // The empty Binding request is fine.
        #expect(parseError(hexBytes(Self.header)) == nil)
    }

    @Test func attributeOverrun() {
        #expect(parseError(message("0006 0008 61626364")) == .attributeOverrun(type: .username, at: 20))
        // Padding counts: a 5-byte value needs 8 bytes.
        #expect(parseError(message("00250000 0006 0005 61626364")) == .attributeOverrun(type: .username, at: 24))
        #expect(parseError(message("0006 0005 6162636465000000")) == nil)
    }

    @Test func addressErrors() {
        #expect(parseError(message("0001 0008 0003 1234 c0000201")) == .badAddressFamily(3))
        #expect(parseError(message("0020 0008 0000 1234 c0000201")) == .badAddressFamily(0))
        #expect(parseError(message("0020 0014 0001 1234 c0000201 00000000 00000000 00000000"))
            == .badAttributeLength(type: .xorMappedAddress, length: 20))
        #expect(parseError(message("0001 000c 0002 1234 00000000 00000000"))
            == .badAttributeLength(type: .mappedAddress, length: 12))
        #expect(parseError(message("0001 0002 0001 0000")) == .badAttributeLength(type: .mappedAddress, length: 2))
    }

    @Test func fixedLengthErrors() {
        #expect(parseError(message("0024 0003 00000100")) == .badAttributeLength(type: .priority, length: 3))
        #expect(parseError(message("0024 0008 00000000 00000001")) == .badAttributeLength(type: .priority, length: 8))
        #expect(parseError(message("802a 0004 00000001")) == .badAttributeLength(type: .iceControlling, length: 4))
        #expect(parseError(message("8029 000c 00000000 00000000 00000000"))
            == .badAttributeLength(type: .iceControlled, length: 12))
        #expect(parseError(message("0025 0004 00000000")) == .badAttributeLength(type: .useCandidate, length: 4))
        #expect(parseError(message("0008 0010 " + String(repeating: "00", count: 16)))
            == .badAttributeLength(type: .messageIntegrity, length: 16))
        #expect(parseError(message("001c 000c " + String(repeating: "00", count: 12)))
            == .badAttributeLength(type: .messageIntegritySHA256, length: 12))
        #expect(parseError(message("001c 0012 " + String(repeating: "00", count: 20)))
            == .badAttributeLength(type: .messageIntegritySHA256, length: 18))
        #expect(parseError(message("001c 0024 " + String(repeating: "00", count: 36)))
            == .badAttributeLength(type: .messageIntegritySHA256, length: 36))
        #expect(parseError(message("8028 0008 00000000 00000000")) == .badAttributeLength(type: .fingerprint, length: 8))
        #expect(parseError(message("000a 0003 00010000")) == .badAttributeLength(type: .unknownAttributes, length: 3))
    }

    @Test func errorCodeErrors() {
        #expect(parseError(message("0009 0002 00000000")) == .badAttributeLength(type: .errorCode, length: 2))
        #expect(parseError(message("0009 0004 00000464")) == .badErrorCode(errorClass: 4, number: 100))
        // Reserved bits above the class are ignored.
        let parsed = try? STUNMessage(parsing: message("0009 0004 ffffff14"))
        #expect(parsed?.errorCode == STUNErrorCode(code: 720, reason: ""))
    }

    @Test func textErrors() {
        #expect(parseError(message("0006 0002 c3280000")) == .invalidUTF8(type: .username))
        #expect(parseError(message("8022 0001 ff000000")) == .invalidUTF8(type: .software))
        #expect(parseError(message("0014 0001 80000000")) == .invalidUTF8(type: .realm))
        #expect(parseError(message("0015 0003 e3839e00")) == nil)
        #expect(parseError(message("0015 0002 e3830000")) == .invalidUTF8(type: .nonce))
        #expect(parseError(message("0009 0005 00000401 ff000000")) == .invalidUTF8(type: .errorCode))
    }

    @Test func fingerprintMustBeLast() {
        #expect(parseError(message("8028 0004 00000000 0025 0000")) == .fingerprintNotLast(at: 20))
        #expect(parseError(message("0025 0000 8028 0004 00000000 8028 0004 00000000")) == .fingerprintNotLast(at: 24))
    }

    /// Unknown types are kept, whatever their value, and their padding skipped.
    @Test func unknownAttributesKept() throws {
        let parsed = try STUNMessage(parsing: message("7fff 0003 010203ff 8100 0000 0003 0001 aa000000"))
        #expect(parsed.attributes == [
            .unknown(type: STUNAttributeType(rawValue: 0x7FFF), value: [1, 2, 3]),
            .unknown(type: STUNAttributeType(rawValue: 0x8100), value: []),
            .unknown(type: STUNAttributeType(rawValue: 0x0003), value: [0xAA]),
        ])
        #expect(parsed.unknownComprehensionRequired.map(\.rawValue) == [0x7FFF, 0x0003])
        #expect(Array(parsed.serialized().readableBytesView) == message("7fff 0003 01020300 8100 0000 0003 0001 aa000000"))
    }
}
