import NIOCore

/// A header extension carrying an SDES item's text (RFC 7941): the MID
/// (RFC 9143 §15), the RtpStreamId and the RepairedRtpStreamId (RFC 8852
/// §3). The value is 1-255 bytes of UTF-8 (the one-byte form allows 1-16).
/// Short identifiers (up to 15 bytes) fit a Swift small string, so parsing
/// them does not allocate; hot paths may compare the raw value slice instead.
public struct SDESStringExtension: RTPHeaderExtensionValue {
    /// URI of the MID extension.
    public static let midURI = "urn:ietf:params:rtp-hdrext:sdes:mid"
    /// URI of the RtpStreamId (RID) extension.
    public static let rtpStreamIDURI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"
    /// URI of the RepairedRtpStreamId extension.
    public static let repairedRTPStreamIDURI = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"

    /// The identifier text.
    public var value: String

    public init(_ value: String) {
        self.value = value
    }

    public init(parsing value: ByteBuffer) throws(RTPError) {
        let index = try Self.checkLength(value, 1...255)
        let text = value.readableBytesView.withContiguousStorageIfAvailable { String(validating: $0, as: UTF8.self) }
            ?? String(validating: value.readableBytesView, as: UTF8.self)
        guard let text else { throw .badExtensionValue(at: index - value.readerIndex) }
        self.value = text
    }

    /// Bytes of the UTF-8 text; writers should keep it within 1-255
    /// (longer text is cut at 255 bytes when written).
    public var encodedLength: Int { min(value.utf8.count, 255) }

    public func set(at index: Int, in buffer: inout ByteBuffer) {
        buffer.setBytes(value.utf8.prefix(255), at: index)
    }
}
