import NIOCore
import STUN
import TestSupport
import Testing

/// The constructors the ICE-lite agent and the STUN endpoint use.
@Suite struct STUNBuilderTests {
    static let key = STUNKey.shortTerm(password: "server-ice-pwd-abcdefgh")
    static let transactionID = STUNTransactionID(upper: 0xA1B2_C3D4, lower: 0x0102_0304_0506_0708)

    @Test func iceBindingRequest() throws {
        let request = STUNMessage.bindingRequest(
            transactionID: Self.transactionID, username: "srv1:cli1", priority: 0x6E00_1EFF,
            role: .controlling(tieBreaker: 0x0123_4567_89AB_CDEF), useCandidate: true, software: "switchboard")
        let parsed = try STUNMessage(parsing: request.serialized(integrityKey: Self.key, fingerprint: true))
        #expect(parsed.type == .bindingRequest)
        #expect(parsed.transactionID == Self.transactionID)
        #expect(parsed.username == "srv1:cli1")
        #expect(parsed.priority == 0x6E00_1EFF)
        #expect(parsed.iceControlling == 0x0123_4567_89AB_CDEF)
        #expect(parsed.iceControlled == nil)
        #expect(parsed.useCandidate)
        #expect(parsed.software == "switchboard")
        #expect(parsed.checkMessageIntegrity(key: Self.key) == .valid)
        #expect(parsed.checkFingerprint() == .valid)

        let controlled = STUNMessage.bindingRequest(
            transactionID: Self.transactionID, username: "a:b", priority: 1, role: .controlled(tieBreaker: 5))
        #expect(controlled.iceControlled == 5)
        #expect(controlled.iceControlling == nil)
        #expect(!controlled.useCandidate)
        #expect(controlled.attributes == [.username("a:b"), .priority(1), .iceControlled(tieBreaker: 5)])
    }

    @Test(arguments: [
        STUNAddress(ipv4: 127, 0, 0, 1, port: 50000),
        STUNAddress(ipBytes: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1], port: 443)!,
    ])
    func bindingSuccess(address: STUNAddress) throws {
        let request = STUNMessage.bindingRequest(transactionID: Self.transactionID)
        let response = STUNMessage.bindingSuccess(to: request, mappedAddress: address)
        let bytes = response.serialized(integrityKey: Self.key, fingerprint: true)
        let parsed = try STUNMessage(parsing: bytes)
        #expect(parsed.type == .bindingSuccess)
        #expect(parsed.transactionID == Self.transactionID)
        #expect(parsed.xorMappedAddress == address)
        #expect(parsed.mappedAddress == nil)
        #expect(parsed.checkMessageIntegrity(key: Self.key) == .valid)
        // On the wire the port is XOR-ed with 0x2112.
        #expect(bytes.getInteger(at: 26, as: UInt16.self) == address.port ^ 0x2112)
    }

    @Test(arguments: [STUNErrorCode.badRequest, .unauthenticated, .roleConflict, .staleNonce, .serverError])
    func errorResponses(code: STUNErrorCode) throws {
        let request = STUNMessage.bindingRequest(
            transactionID: Self.transactionID, username: "a:b", priority: 1, role: .controlling(tieBreaker: 5))
        let response = STUNMessage.errorResponse(to: request, error: code)
        let bytes = response.serialized(integrityKey: Self.key, fingerprint: true)
        let parsed = try STUNMessage(parsing: bytes)
        #expect(parsed.type == .bindingError)
        #expect(parsed.transactionID == Self.transactionID)
        #expect(parsed.errorCode == code)
        #expect(parsed.unknownAttributes == nil)
        // Class in the low 3 bits of byte 2 of the value, number in byte 3.
        #expect(bytes.getInteger(at: 26, as: UInt8.self) == UInt8(code.code / 100))
        #expect(bytes.getInteger(at: 27, as: UInt8.self) == UInt8(code.code % 100))
    }

    @Test func errorCodeValues() {
        #expect(STUNErrorCode.badRequest.code == 400)
        #expect(STUNErrorCode.unauthenticated.code == 401)
        #expect(STUNErrorCode.unknownAttribute.code == 420)
        #expect(STUNErrorCode.roleConflict.code == 487)
        #expect(STUNErrorCode.roleConflict.errorClass == 4)
        #expect(STUNErrorCode.roleConflict.number == 87)
    }

    /// A request with unknown comprehension-required attributes gets a 420
    /// listing them; comprehension-optional ones (>= 0x8000) are not listed.
    @Test(arguments: [[0x0003], [0x0003, 0x7FFF], [0x0003, 0x7FFF, 0x0030]])
    func unknownAttributeResponse(required: [UInt16]) throws {
        var attributes: [STUNAttribute] = [.username("a:b")]
        for type in required {
            attributes.append(.unknown(type: STUNAttributeType(rawValue: type), value: [1, 2, 3, 4]))
            attributes.append(.unknown(type: STUNAttributeType(rawValue: type | 0x8000), value: [5]))
        }
        let request = try STUNMessage(parsing: STUNMessage(
            type: .bindingRequest, transactionID: Self.transactionID, attributes: attributes
        ).serialized(integrityKey: Self.key, fingerprint: true))
        #expect(request.unknownComprehensionRequired.map(\.rawValue) == required)

        let response = try #require(STUNMessage.unknownAttributeResponse(to: request))
        let bytes = response.serialized(fingerprint: true)
        #expect(bytes.readableBytes % 4 == 0)
        let parsed = try STUNMessage(parsing: bytes)
        #expect(parsed.type == .bindingError)
        #expect(parsed.transactionID == Self.transactionID)
        #expect(parsed.errorCode == .unknownAttribute)
        #expect(parsed.unknownAttributes?.map(\.rawValue) == required)
        #expect(parsed.checkFingerprint() == .valid)
    }

    @Test func noUnknownAttributeResponseWhenAllUnderstood() throws {
        let request = try STUNMessage(parsing: RFC5769TestVectors.sampleRequest)
        #expect(STUNMessage.unknownAttributeResponse(to: request) == nil)
        // A repeated unknown type is listed once.
        let repeated = STUNMessage(type: .bindingRequest, transactionID: Self.transactionID, attributes: [
            .unknown(type: STUNAttributeType(rawValue: 0x0003), value: []),
            .unknown(type: STUNAttributeType(rawValue: 0x0003), value: [1]),
        ])
        #expect(repeated.unknownComprehensionRequired == [STUNAttributeType(rawValue: 0x0003)])
    }

    /// Error responses keep the request's method, whatever it is.
    @Test func errorResponseKeepsMethod() {
        let allocate = STUNMessage(
            type: STUNMessageType(method: STUNMethod(rawValue: 0x003), messageClass: .request),
            transactionID: Self.transactionID)
        let response = STUNMessage.errorResponse(to: allocate, error: .badRequest)
        #expect(response.type.method.rawValue == 0x003)
        #expect(response.type.messageClass == .errorResponse)
        #expect(response.type.rawValue == 0x0113)
    }
}
