/// What a subscriber wants of one track it receives: a layer ceiling, the
/// size it shows the video at, or off. Fields left nil keep their value.
public struct TrackPreference: Sendable, Hashable {
    /// The simulcast ceiling: the lowest layer, the second, or none.
    public enum Ceiling: Sendable, Hashable {
        case lowest
        case second
        case none
    }

    /// The track id (as in the subscribe offer).
    public var track: String
    public var ceiling: Ceiling?
    /// Display size in CSS pixels.
    public var width: Int?
    public var height: Int?
    /// False turns the track off (nothing forwarded).
    public var enabled: Bool?

    public init(track: String, ceiling: Ceiling? = nil, width: Int? = nil, height: Int? = nil, enabled: Bool? = nil) {
        self.track = track
        self.ceiling = ceiling
        self.width = width
        self.height = height
        self.enabled = enabled
    }
}
