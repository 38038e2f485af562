/// Corruptions of a valid message that a parser must turn into errors, never
/// traps: every truncation, random bit flips, and random garbage.
public enum Mutations {
    /// Every prefix of `bytes` shorter than the whole.
    public static func truncations(of bytes: [UInt8]) -> [[UInt8]] {
        (0..<bytes.count).map { Array(bytes[..<$0]) }
    }

    /// `count` copies of `bytes`, each with a few random bytes overwritten.
    public static func corruptions(of bytes: [UInt8], count: Int, using random: inout SeededRandom) -> [[UInt8]] {
        guard !bytes.isEmpty else { return [] }
        return (0..<count).map { _ in
            var copy = bytes
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                copy[Int.random(in: 0..<copy.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            return copy
        }
    }

    /// `count` buffers of random length (up to `maxLength`) and content.
    public static func garbage(count: Int, maxLength: Int, using random: inout SeededRandom) -> [[UInt8]] {
        (0..<count).map { _ in random.bytes(Int.random(in: 0...maxLength, using: &random)) }
    }
}
