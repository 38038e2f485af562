import MediaNegotiation

/// Opaque server-generated identifiers (docs/protocol.md "Objects"): a prefix
/// and 12 random base-36 characters (62 bits), unguessable enough that one
/// participant cannot address another's tracks by guessing.
enum Identifiers {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    static func make(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    static func participant() -> String { make(prefix: "PA_") }
    static func track() -> String { make(prefix: "TR_") }
}
