import STUN
import TestSupport

/// Random valid STUN values for property tests.
enum RandomSTUN {
    static let characters: [String] = ["a", "Z", "0", ":", "/", " ", "-", "é", "ß", "マ", "🙂"]

    static func text(_ random: inout SeededRandom, maxCharacters: Int = 24) -> String {
        (0..<Int.random(in: 0...maxCharacters, using: &random)).map { _ in characters.randomElement(using: &random)! }
            .joined()
    }

    static func address(_ random: inout SeededRandom) -> STUNAddress {
        let port = UInt16.random(in: .min ... .max, using: &random)
        if Bool.random(using: &random) {
            return STUNAddress(ip: .v4(UInt32.random(in: .min ... .max, using: &random)), port: port)
        }
        return STUNAddress(
            ip: .v6(UInt64.random(in: .min ... .max, using: &random), UInt64.random(in: .min ... .max, using: &random)),
            port: port)
    }

    /// A type code none of whose values this module decodes.
    static func unknownType(_ random: inout SeededRandom) -> STUNAttributeType {
        while true {
            let type = STUNAttributeType(rawValue: UInt16.random(in: .min ... .max, using: &random))
            if !STUNAttributeType.understood.contains(type) { return type }
        }
    }

    /// Any attribute but FINGERPRINT (which must be last).
    static func attribute(_ random: inout SeededRandom) -> STUNAttribute {
        switch Int.random(in: 0..<16, using: &random) {
        case 0: return .mappedAddress(address(&random))
        case 1: return .xorMappedAddress(address(&random))
        case 2: return .username(text(&random))
        case 3: return .software(text(&random))
        case 4: return .realm(text(&random))
        case 5: return .nonce(text(&random))
        case 6: return .priority(UInt32.random(in: .min ... .max, using: &random))
        case 7: return .useCandidate
        case 8: return .iceControlling(tieBreaker: UInt64.random(in: .min ... .max, using: &random))
        case 9: return .iceControlled(tieBreaker: UInt64.random(in: .min ... .max, using: &random))
        case 10:
            return .errorCode(STUNErrorCode(code: UInt16.random(in: 300...699, using: &random), reason: text(&random)))
        case 11:
            return .unknownAttributes((0..<Int.random(in: 0...5, using: &random)).map { _ in unknownType(&random) })
        case 12: return .messageIntegrity(random.bytes(20))
        case 13: return .messageIntegritySHA256(random.bytes(4 * Int.random(in: 4...8, using: &random)))
        default: return .unknown(type: unknownType(&random), value: random.bytes(Int.random(in: 0...30, using: &random)))
        }
    }

    static func messageType(_ random: inout SeededRandom) -> STUNMessageType {
        STUNMessageType(
            method: Bool.random(using: &random) ? .binding : STUNMethod(rawValue: UInt16.random(in: 0...0xFFF, using: &random)),
            messageClass: STUNMessageClass.allCases.randomElement(using: &random)!)
    }

    /// A message of 0-8 random attributes, sometimes ending in FINGERPRINT.
    static func message(_ random: inout SeededRandom, allowIntegrity: Bool = true) -> STUNMessage {
        var attributes: [STUNAttribute] = []
        for _ in 0..<Int.random(in: 0...8, using: &random) {
            let attribute = attribute(&random)
            if !allowIntegrity && attribute.isIntegrityOrFingerprint { continue }
            attributes.append(attribute)
        }
        if allowIntegrity && Bool.random(using: &random) {
            attributes.append(.fingerprint(UInt32.random(in: .min ... .max, using: &random)))
        }
        return STUNMessage(
            type: messageType(&random), transactionID: .random(using: &random), attributes: attributes)
    }
}
