import STUN

/// Why a TURN frame or attribute could not be decoded. Offsets are bytes
/// from the start of the frame.
public enum TURNError: Error, Sendable, Hashable {
    /// Fewer bytes than the structure at `at` needs (`need` bytes from there).
    case truncated(at: Int, need: Int)
    /// A ChannelData channel number outside `TURNChannelData.validChannelNumbers`.
    case badChannelNumber(UInt16)
    /// A ChannelData length field larger than the bytes that follow it.
    case lengthOverrun(declared: Int, available: Int)
    /// A TURN attribute whose value length its definition does not allow.
    case badAttributeLength(type: STUNAttributeType, length: Int)
    /// An address attribute that does not decode (family, length).
    case badAddress(type: STUNAttributeType, STUNError)
}
