import NIOCore
import STUN
import TestSupport
import Testing

/// The test vectors of RFC 5769 §2, parsed, checked field by field, verified
/// and re-serialized bit-exact with MESSAGE-INTEGRITY and FINGERPRINT
/// computed (not copied). The vectors pad some attributes with 0x20 (2.1,
/// 2.2, 2.3) and others with 0x00 (2.4), so re-serialization picks the
/// padding byte per vector.
@Suite struct RFC5769TestVectors {
    static let transactionID = STUNTransactionID(upper: 0xB7E7_A701, lower: 0xBC34_D686_FA87_DFAE)

    /// §2.1 Sample request, short-term key "VOkJxbRl1RmTxUk/WvJxBt".
    static let sampleRequest = hexBytes("""
        00 01 00 58   // Binding request, length 88
        21 12 a4 42   // magic cookie
        b7 e7 a7 01   // transaction ID
        bc 34 d6 86
        fa 87 df ae
        80 22 00 10   // SOFTWARE, length 16
        53 54 55 4e   // "STUN test client"
        20 74 65 73
        74 20 63 6c
        69 65 6e 74
        00 24 00 04   // PRIORITY, length 4
        6e 00 01 ff   // 0x6e0001ff
        80 29 00 08   // ICE-CONTROLLED, length 8
        93 2f f9 b1   // tie breaker 0x932ff9b151263b36
        51 26 3b 36
        00 06 00 09   // USERNAME, length 9
        65 76 74 6a   // "evtj:h6vY" and 3 bytes of 0x20 padding
        3a 68 36 76
        59 20 20 20
        00 08 00 14   // MESSAGE-INTEGRITY, length 20
        9a ea a7 0c   // HMAC-SHA1
        bf d8 cb 56
        78 1e f2 b5
        b2 d3 f2 49
        c1 b5 71 a2
        80 28 00 04   // FINGERPRINT, length 4
        e5 7a 3b cf   // CRC-32 xor 0x5354554e
        """)

    /// §2.2 Sample IPv4 response, same key.
    static let ipv4Response = hexBytes("""
        01 01 00 3c   // Binding success response, length 60
        21 12 a4 42   // magic cookie
        b7 e7 a7 01   // transaction ID
        bc 34 d6 86
        fa 87 df ae
        80 22 00 0b   // SOFTWARE, length 11
        74 65 73 74   // "test vector" and 1 byte of 0x20 padding
        20 76 65 63
        74 6f 72 20
        00 20 00 08   // XOR-MAPPED-ADDRESS, length 8
        00 01 a1 47   // reserved, family IPv4, port 32853 xor 0x2112
        e1 12 a6 43   // 192.0.2.1 xor magic cookie
        00 08 00 14   // MESSAGE-INTEGRITY, length 20
        2b 91 f5 99   // HMAC-SHA1
        fd 9e 90 c3
        8c 74 89 f9
        2a f9 ba 53
        f0 6b e7 d7
        80 28 00 04   // FINGERPRINT, length 4
        c0 7d 4c 96   // CRC-32 xor 0x5354554e
        """)

    /// §2.3 Sample IPv6 response, same key.
    static let ipv6Response = hexBytes("""
        01 01 00 48   // Binding success response, length 72
        21 12 a4 42   // magic cookie
        b7 e7 a7 01   // transaction ID
        bc 34 d6 86
        fa 87 df ae
        80 22 00 0b   // SOFTWARE, length 11
        74 65 73 74   // "test vector" and 1 byte of 0x20 padding
        20 76 65 63
        74 6f 72 20
        00 20 00 14   // XOR-MAPPED-ADDRESS, length 20
        00 02 a1 47   // reserved, family IPv6, port 32853 xor 0x2112
        01 13 a9 fa   // 2001:db8:1234:5678:11:2233:4455:6677
        a5 d3 f1 79   //   xor magic cookie and transaction ID
        bc 25 f4 b5
        be d2 b9 d9
        00 08 00 14   // MESSAGE-INTEGRITY, length 20
        a3 82 95 4e   // HMAC-SHA1
        4b e6 7b f1
        17 84 c9 7c
        82 92 c2 75
        bf e3 ed 41
        80 28 00 04   // FINGERPRINT, length 4
        c8 fb 0b 4c   // CRC-32 xor 0x5354554e
        """)

    /// §2.4 Sample request with long-term authentication.
    static let longTermRequest = hexBytes("""
        00 01 00 60   // Binding request, length 96
        21 12 a4 42   // magic cookie
        78 ad 34 33   // transaction ID
        c6 ad 72 c0
        29 da 41 2e
        00 06 00 12   // USERNAME, length 18
        e3 83 9e e3   // U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9 in UTF-8
        83 88 e3 83   //   and 2 bytes of 0x00 padding
        aa e3 83 83
        e3 82 af e3
        82 b9 00 00
        00 15 00 1c   // NONCE, length 28
        66 2f 2f 34   // "f//499k954d6OL34oL9FSTvy64sA"
        39 39 6b 39
        35 34 64 36
        4f 4c 33 34
        6f 4c 39 46
        53 54 76 79
        36 34 73 41
        00 14 00 0b   // REALM, length 11
        65 78 61 6d   // "example.org" and 1 byte of 0x00 padding
        70 6c 65 2e
        6f 72 67 00
        00 08 00 14   // MESSAGE-INTEGRITY, length 20
        f6 70 24 65   // HMAC-SHA1
        6d d6 4a 3e
        02 b8 e0 71
        2e 85 c9 a2
        8c a8 96 66
        """)

    static let shortTermKey = STUNKey.shortTerm(password: "VOkJxbRl1RmTxUk/WvJxBt")
    static let longTermUsername = "\u{30DE}\u{30C8}\u{30EA}\u{30C3}\u{30AF}\u{30B9}"
    static let longTermKey = STUNKey.longTerm(
        username: longTermUsername, realm: "example.org", password: "TheMatrIX")

    @Test func sampleRequestFields() throws {
        let message = try STUNMessage(parsing: Self.sampleRequest)
        #expect(message.type == .bindingRequest)
        #expect(message.transactionID == Self.transactionID)
        #expect(message.software == "STUN test client")
        #expect(message.priority == 0x6E00_01FF)
        #expect(message.iceControlled == 0x932F_F9B1_5126_3B36)
        #expect(message.iceControlling == nil)
        #expect(message.useCandidate == false)
        #expect(message.username == "evtj:h6vY")
        #expect(message.attributes.map(\.type) == [
            .software, .priority, .iceControlled, .username, .messageIntegrity, .fingerprint,
        ])
        #expect(message.attributes.last == .fingerprint(0xE57A_3BCF))
        #expect(message.unknownComprehensionRequired.isEmpty)
    }

    @Test func ipv4ResponseFields() throws {
        let message = try STUNMessage(parsing: Self.ipv4Response)
        #expect(message.type == .bindingSuccess)
        #expect(message.transactionID == Self.transactionID)
        #expect(message.software == "test vector")
        let address = try #require(message.xorMappedAddress)
        #expect(address == STUNAddress(ipv4: 192, 0, 2, 1, port: 32853))
        #expect(address.description == "192.0.2.1:32853")
        #expect(address.ipBytes == [192, 0, 2, 1])
    }

    @Test func ipv6ResponseFields() throws {
        let message = try STUNMessage(parsing: Self.ipv6Response)
        #expect(message.type == .bindingSuccess)
        #expect(message.software == "test vector")
        let address = try #require(message.xorMappedAddress)
        let expected = STUNAddress(
            ipBytes: hexBytes("20010db8 12345678 00112233 44556677"), port: 32853)
        #expect(address == expected)
        #expect(address.port == 32853)
        #expect(address.description == "[2001:db8:1234:5678:11:2233:4455:6677]:32853")
    }

    @Test func longTermRequestFields() throws {
        let message = try STUNMessage(parsing: Self.longTermRequest)
        #expect(message.type == .bindingRequest)
        #expect(message.transactionID == STUNTransactionID(bytes: hexBytes("78ad3433 c6ad72c0 29da412e")))
        #expect(message.username == Self.longTermUsername)
        #expect(message.nonce == "f//499k954d6OL34oL9FSTvy64sA")
        #expect(message.realm == "example.org")
        #expect(message.checkFingerprint() == .absent)
    }

    static let shortTermVectors: [(name: String, bytes: [UInt8])] = [
        ("2.1 request", sampleRequest), ("2.2 IPv4 response", ipv4Response), ("2.3 IPv6 response", ipv6Response),
    ]

    @Test(arguments: [0, 1, 2])
    func shortTermIntegrityAndFingerprint(index: Int) throws {
        let bytes = Self.shortTermVectors[index].bytes
        let message = try STUNMessage(parsing: bytes)
        #expect(message.checkMessageIntegrity(key: Self.shortTermKey) == .valid)
        #expect(message.checkMessageIntegrity(key: .shortTerm(password: "VOkJxbRl1RmTxUk/WvJxBT")) == .invalid)
        #expect(message.checkMessageIntegritySHA256(key: Self.shortTermKey) == .absent)
        #expect(message.checkFingerprint() == .valid)
        try expectFlipsDetected(bytes, key: Self.shortTermKey, hasFingerprint: true)
    }

    @Test func longTermIntegrity() throws {
        let message = try STUNMessage(parsing: Self.longTermRequest)
        #expect(Self.longTermKey.bytes.count == 16)
        #expect(message.checkMessageIntegrity(key: Self.longTermKey) == .valid)
        #expect(message.checkMessageIntegrity(key: .longTerm(
            username: Self.longTermUsername, realm: "example.org", password: "TheMatrix")) == .invalid)
        #expect(message.checkMessageIntegrity(key: .shortTerm(password: "TheMatrIX")) == .invalid)
        try expectFlipsDetected(Self.longTermRequest, key: Self.longTermKey, hasFingerprint: false)
    }

    /// Re-serializing with the key reproduces each vector bit for bit; the
    /// stored MI and FINGERPRINT are dropped and recomputed.
    @Test(arguments: [0, 1, 2])
    func shortTermReserialization(index: Int) throws {
        let bytes = Self.shortTermVectors[index].bytes
        var message = try STUNMessage(parsing: bytes)
        message.attributes.removeAll { $0.isIntegrityOrFingerprint }
        let written = message.serialized(integrityKey: Self.shortTermKey, fingerprint: true, paddingByte: 0x20)
        #expect(hexString(written.readableBytesView) == hexString(bytes), "\(Self.shortTermVectors[index].name)")
    }

    @Test func longTermReserialization() throws {
        var message = try STUNMessage(parsing: Self.longTermRequest)
        message.attributes.removeAll { $0.isIntegrityOrFingerprint }
        let written = message.serialized(integrityKey: Self.longTermKey)
        #expect(hexString(written.readableBytesView) == hexString(Self.longTermRequest))
    }

    /// Built from scratch rather than parsed: the same bytes come out.
    @Test func ipv4ResponseBuiltFromScratch() {
        let message = STUNMessage.bindingSuccess(
            transactionID: Self.transactionID, mappedAddress: STUNAddress(ipv4: 192, 0, 2, 1, port: 32853),
            software: "test vector")
        let written = message.serialized(integrityKey: Self.shortTermKey, fingerprint: true, paddingByte: 0x20)
        #expect(Array(written.readableBytesView) == Self.ipv4Response)
    }

    /// Parsing keeps the received bytes, so a re-serialization with other
    /// padding is not what gets verified: verification uses what arrived.
    @Test func verificationUsesReceivedBytes() throws {
        let message = try STUNMessage(parsing: Self.sampleRequest)
        #expect(Array(message.serialized().readableBytesView) != Self.sampleRequest)
        #expect(message.checkMessageIntegrity(key: Self.shortTermKey) == .valid)
        #expect(message.checkFingerprint() == .valid)
    }

    /// Flipping any single bit before MESSAGE-INTEGRITY's value end breaks
    /// it (or the parse); flipping any bit anywhere breaks FINGERPRINT.
    private func expectFlipsDetected(_ bytes: [UInt8], key: STUNKey, hasFingerprint: Bool) throws {
        let integrityEnd = hasFingerprint ? bytes.count - 8 : bytes.count
        for index in 0..<bytes.count {
            for bit in [0, 3, 7] {
                var copy = bytes
                copy[index] ^= 1 << bit
                guard let message = try? STUNMessage(parsing: copy) else { continue }
                if index < integrityEnd {
                    #expect(message.checkMessageIntegrity(key: key) != .valid, "byte \(index) bit \(bit)")
                }
                if hasFingerprint {
                    #expect(message.checkFingerprint() != .valid, "byte \(index) bit \(bit)")
                }
            }
        }
    }
}
