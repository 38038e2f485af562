/// Bytes from a hex string; whitespace, newlines and `//` comments to the end
/// of a line are ignored, so test vectors can be written field by field.
public func hexBytes(_ text: String) -> [UInt8] {
    var digits: [UInt8] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let code = line.firstRange(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
        for scalar in code.unicodeScalars where !scalar.properties.isWhitespace {
            guard let value = UInt8(String(scalar), radix: 16) else {
                preconditionFailure("not a hex digit in test vector: \(scalar)")
            }
            digits.append(value)
        }
    }
    precondition(digits.count % 2 == 0, "odd number of hex digits in test vector")
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

/// Lower-case hex of bytes, for readable failure messages.
public func hexString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    bytes.map { byte in
        let text = String(byte, radix: 16)
        return byte < 16 ? "0" + text : text
    }.joined()
}
