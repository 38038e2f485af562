/// A subscriber's wishes for one track it receives (`track-settings`):
/// a quality ceiling, the size it displays the video at, or off. The
/// server then forwards the smallest simulcast layer that serves them
/// within the subscriber's bandwidth.
public struct TrackSettings: Sendable, Hashable {
    /// The simulcast quality ceiling.
    public enum Quality: String, Sendable, Hashable, CaseIterable {
        case low, medium, high
    }

    /// The track id (as in `offer.tracks`).
    public var track: String
    public var quality: Quality?
    /// Display size in CSS pixels, 1...16384 each.
    public var width: Int?
    public var height: Int?
    /// False turns the track off (nothing forwarded); nil keeps it as is.
    public var enabled: Bool?

    public init(track: String, quality: Quality? = nil, width: Int? = nil, height: Int? = nil, enabled: Bool? = nil) {
        self.track = track
        self.quality = quality
        self.width = width
        self.height = height
        self.enabled = enabled
    }
}

extension TrackSettings {
    static let sizeRange = 1...16_384

    init(reading reader: JSONObjectReader) throws(SignalingError) {
        let track = try reader.nonEmptyString("track")
        var quality: Quality?
        if let name = try reader.optionalString("quality") {
            guard let parsed = Quality(rawValue: name) else {
                throw reader.invalid("quality", "must be \"low\", \"medium\" or \"high\"")
            }
            quality = parsed
        }
        let width = try reader.optionalInteger("width")
        let height = try reader.optionalInteger("height")
        if let width, !Self.sizeRange.contains(width) { throw reader.invalid("width", "must be between 1 and 16384") }
        if let height, !Self.sizeRange.contains(height) { throw reader.invalid("height", "must be between 1 and 16384") }
        self.init(track: track, quality: quality, width: width, height: height, enabled: try reader.optionalBool("enabled"))
    }

    /// Absent settings are left out.
    var jsonMembers: [String: JSONValue] {
        var members: [String: JSONValue] = ["track": .string(track)]
        if let quality { members["quality"] = .string(quality.rawValue) }
        if let width { members["width"] = .integer(width) }
        if let height { members["height"] = .integer(height) }
        if let enabled { members["enabled"] = .bool(enabled) }
        return members
    }
}
