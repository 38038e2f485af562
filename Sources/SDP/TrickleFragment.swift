/// A trickle-ice-sdpfrag body (RFC 8840 §9): the session-level `a=` lines
/// that name the ICE session (`ice-ufrag`, `ice-pwd`, `ice-options`) and
/// the media-level ones under each `m=` line (`mid`, `candidate`,
/// `end-of-candidates`). WHIP and WHEP clients PATCH these (RFC 9725 §4.3.1).
public struct TrickleFragment: SDPAttributeCarrier, Sendable {
    /// The `a=` lines before the first `m=` line.
    public var attributes: [SDPAttribute]
    /// The `a=` lines of each `m=` line, in order.
    public var media: [[SDPAttribute]]

    /// Parses the fragment. Lines other than `a=` and `m=` are ignored (the
    /// grammar allows none, and ignoring keeps a lenient client working);
    /// an `a=` line whose name is not a token throws.
    public init(parsing text: String) throws(SDPError) {
        attributes = []
        media = []
        var lines = SDPLines(text[...])
        while let (number, line) = lines.next() {
            if line.hasPrefix("m=") {
                media.append([])
            } else if line.hasPrefix("a=") {
                let attribute: SDPAttribute
                do { attribute = try SDPAttribute(parsingLine: line.dropFirst(2)) } catch {
                    throw .badAttributeName(line: number)
                }
                if media.isEmpty { attributes.append(attribute) } else { media[media.count - 1].append(attribute) }
            }
        }
    }

    /// `a=ice-ufrag`, at session level or, as some clients write it, under
    /// the first `m=` line.
    public var sessionUfrag: String? { iceUfrag ?? media.first?.first { $0.name == "ice-ufrag" }?.value }
    /// `a=ice-pwd`, found the same way.
    public var sessionPassword: String? { icePwd ?? media.first?.first { $0.name == "ice-pwd" }?.value }
}
