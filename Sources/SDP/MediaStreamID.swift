/// `a=msid:<stream id> [<track id>]` (RFC 8830 §2): the MediaStream a track
/// belongs to (`-` for none) and the track's id ("appdata").
public struct MediaStreamID: SDPAttributeValue {
    public static let attributeName = "msid"

    public var streamID: String
    public var trackID: String?

    public init(streamID: String, trackID: String? = nil) {
        self.streamID = streamID
        self.trackID = trackID
    }

    public init(parsing value: Substring) throws(SDPAttributeError) {
        let fields = SDPText.fields(value)
        guard fields.count == 1 || fields.count == 2 else { throw .missingField("stream id") }
        streamID = String(fields[0])
        trackID = fields.count == 2 ? String(fields[1]) : nil
    }

    public var attributeValue: String { trackID.map { streamID + " " + $0 } ?? streamID }
}
