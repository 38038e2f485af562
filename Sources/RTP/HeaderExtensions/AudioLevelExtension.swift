import NIOCore

/// RFC 6464 client-to-mixer audio level: one byte, V flag and the level in
/// -dBov (0 loudest, 127 silence). URI `urn:ietf:params:rtp-hdrext:ssrc-audio-level`.
public struct AudioLevelExtension: RTPHeaderExtensionValue {
    public static let uri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"

    /// The V flag: the sender's voice activity detection says the packet
    /// holds speech (RFC 6464 §3, when negotiated with vad=on).
    public var voiceActivity: Bool
    /// The level in -dBov, 0-127 (only the low 7 bits are written).
    public var level: UInt8

    public init(voiceActivity: Bool, level: UInt8) {
        self.voiceActivity = voiceActivity
        self.level = level & 0x7F
    }

    public init(parsing value: ByteBuffer) throws(RTPError) {
        let index = try Self.checkLength(value, 1...1)
        let byte = value.getInteger(at: index, as: UInt8.self) ?? 0
        self.init(voiceActivity: byte & 0x80 != 0, level: byte & 0x7F)
    }

    public var encodedLength: Int { 1 }

    public func set(at index: Int, in buffer: inout ByteBuffer) {
        buffer.setInteger((voiceActivity ? 0x80 : 0) | (level & 0x7F), at: index)
    }
}
