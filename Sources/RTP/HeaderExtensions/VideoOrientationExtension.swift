import NIOCore

/// Coordination of video orientation (3GPP TS 26.114 §7.4.5, "CVO"): one
/// byte `0 0 0 0 C F R1 R0`. URI `urn:3gpp:video-orientation`.
public struct VideoOrientationExtension: RTPHeaderExtensionValue {
    public static let uri = "urn:3gpp:video-orientation"

    /// C: the back-facing camera took the picture.
    public var isBackCamera: Bool
    /// F: the picture is flipped horizontally.
    public var isFlipped: Bool
    /// R1 R0: clockwise rotation in quarter turns (0-3: 0, 90, 180, 270 degrees).
    public var rotation: UInt8

    public init(isBackCamera: Bool = false, isFlipped: Bool = false, rotation: UInt8) {
        self.isBackCamera = isBackCamera
        self.isFlipped = isFlipped
        self.rotation = rotation & 0x03
    }

    /// Rotation in degrees: 0, 90, 180 or 270.
    public var rotationDegrees: Int { Int(rotation & 0x03) * 90 }

    public init(parsing value: ByteBuffer) throws(RTPError) {
        let index = try Self.checkLength(value, 1...1)
        let byte = value.getInteger(at: index, as: UInt8.self) ?? 0
        self.init(isBackCamera: byte & 0x08 != 0, isFlipped: byte & 0x04 != 0, rotation: byte & 0x03)
    }

    public var encodedLength: Int { 1 }

    public func set(at index: Int, in buffer: inout ByteBuffer) {
        buffer.setInteger((isBackCamera ? 0x08 : 0) | (isFlipped ? 0x04 : 0) | (rotation & 0x03), at: index)
    }
}
