/// The kind of a track and of its m-line.
public enum MediaKind: String, Sendable, Hashable, Codable, CaseIterable {
    case audio
    case video
}
