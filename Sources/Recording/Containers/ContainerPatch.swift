/// Bytes to overwrite at an absolute file offset when a recording is
/// finalised (a size, the Duration, the Cues seek entry). The writers emit
/// files front to back; only clean shutdown seeks back.
public struct ContainerPatch: Sendable, Equatable {
    /// Absolute byte offset from the start of the file.
    public var offset: Int64
    /// Replacement bytes; same length as what they replace.
    public var bytes: [UInt8]

    public init(offset: Int64, bytes: [UInt8]) {
        self.offset = offset
        self.bytes = bytes
    }
}
