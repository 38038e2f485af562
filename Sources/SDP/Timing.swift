/// `t=<start> <stop>` (RFC 8866 §5.9) with the `r=` lines that follow it
/// (§5.10), which are kept as written. WebRTC always writes `t=0 0`.
public struct Timing: Hashable, Sendable {
    public var start: UInt64
    public var stop: UInt64
    /// The text after each `r=` of this timing.
    public var repeats: [String]

    public init(start: UInt64 = 0, stop: UInt64 = 0, repeats: [String] = []) {
        self.start = start
        self.stop = stop
        self.repeats = repeats
    }

    init?(parsingLine text: Substring) {
        let fields = SDPText.fields(text)
        guard fields.count == 2,
              let start = SDPText.decimal(fields[0], as: UInt64.self),
              let stop = SDPText.decimal(fields[1], as: UInt64.self)
        else { return nil }
        self.init(start: start, stop: stop)
    }

    public var lineText: String { "\(start) \(stop)" }
}
