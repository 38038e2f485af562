// STUN parser under libFuzzer: any input either throws STUNError or parses
// into a message that survives a write/parse round trip unchanged, and whose
// integrity and fingerprint checks run without trapping.
import FuzzSupport
import STUN

runFuzzer { bytes in
    guard let message = try? STUNMessage(parsing: bytes) else { return }
    _ = message.checkMessageIntegrity(key: .shortTerm(password: "fuzz"))
    _ = message.checkMessageIntegritySHA256(key: .shortTerm(password: "fuzz"))
    _ = message.checkFingerprint()
    _ = message.unknownComprehensionRequired
    _ = (message.username, message.xorMappedAddress, message.errorCode, message.priority)
    let written = message.serialized()
    let reparsed: STUNMessage
    do {
        reparsed = try STUNMessage(parsing: written)
    } catch {
        fatalError("a parsed STUN message did not parse after writing: \(error)")
    }
    precondition(reparsed == message, "STUN round trip changed the message")
}
