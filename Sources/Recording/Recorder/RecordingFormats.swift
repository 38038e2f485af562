/// Which container each kind of participant gets (config `recording.*_format`).
public struct RecordingFormats: Sendable, Hashable {
    /// The container of a participant who publishes audio only.
    public enum AudioOnly: String, Sendable, Hashable {
        /// Ogg/Opus (RFC 7845).
        case ogg
        /// WebM with one Opus track.
        case webm
    }

    public var audioOnly: AudioOnly

    public init(audioOnly: AudioOnly = .ogg) {
        self.audioOnly = audioOnly
    }
}
