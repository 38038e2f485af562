/// The USERNAME of an ICE connectivity check: "receiver-ufrag:sender-ufrag"
/// (RFC 8445 §7.2.2), where the receiver is the agent the check is sent to.
/// A lite agent receiving a check sees "localUfrag:remoteUfrag".
public struct ICEUsername: Sendable, Hashable {
    /// The ufrag of the agent the check is sent to (the first part).
    public var receiverUfrag: Substring
    /// The ufrag of the agent sending the check (the second part).
    public var senderUfrag: Substring

    public init(receiverUfrag: some StringProtocol, senderUfrag: some StringProtocol) {
        self.receiverUfrag = Substring(receiverUfrag)
        self.senderUfrag = Substring(senderUfrag)
    }

    /// Splits "a:b". Both parts must be non-empty and the second must not
    /// hold another ':' (ufrags are ice-chars, which exclude it).
    public init(parsing text: String) throws(ICEError) {
        guard let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")) else { throw .malformedUsername }
        let receiver = text[..<colon]
        let sender = text[text.index(after: colon)...]
        guard !receiver.isEmpty, !sender.isEmpty, !sender.utf8.contains(UInt8(ascii: ":")) else {
            throw .malformedUsername
        }
        self.receiverUfrag = receiver
        self.senderUfrag = sender
    }

    /// The first part of "a:b" without validating the rest, for routing a
    /// datagram to the agent that owns that ufrag; nil when there is no
    /// ':' or the part is empty.
    public static func receiverUfrag(in text: String) -> Substring? {
        guard let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")), colon != text.startIndex else { return nil }
        return text[..<colon]
    }

    /// "receiverUfrag:senderUfrag".
    public var text: String {
        receiverUfrag + ":" + senderUfrag
    }
}

extension ICEUsername: CustomStringConvertible {
    public var description: String { text }
}
