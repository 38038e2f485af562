extension ServerMessage {
    /// Parses one text frame from the server. Errors are `bad-request` with
    /// `request` set to the message type once known; an unknown type throws
    /// with `reason` `.unknownType`, which a client may choose to ignore
    /// (the server may add messages).
    public init(parsing text: String) throws(SignalingError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Parses one frame given as UTF-8 bytes.
    public init(parsing bytes: some Collection<UInt8>) throws(SignalingError) {
        try self.init(value: try JSONValue(parsing: bytes))
    }

    /// Reads a message from parsed JSON; unknown fields are ignored.
    public init(value: JSONValue) throws(SignalingError) {
        let (type, members) = try value.messageObject()
        let reader = JSONObjectReader(members, request: type)
        let readTrack = { (reader: JSONObjectReader) throws(SignalingError) -> TrackInfo in
            try TrackInfo(reading: reader)
        }
        switch type {
        case TypeName.joined:
            self = .joined(
                participant: try ParticipantInfo(reading: try reader.object("participant")),
                participants: try reader.objects("participants") { (reader) throws(SignalingError) in
                    try ParticipantSummary(reading: reader)
                },
                iceServers: try reader.objects("iceServers") { (reader) throws(SignalingError) in
                    try ICEServer(reading: reader)
                })
        case TypeName.published:
            self = .published(sdp: try reader.string("sdp"), tracks: try reader.objects("tracks", readTrack))
        case TypeName.offer:
            self = .offer(sdp: try reader.string("sdp"), tracks: try reader.objects("tracks", readTrack))
        case TypeName.participantJoined:
            self = .participantJoined(try ParticipantInfo(reading: try reader.object("participant")))
        case TypeName.participantLeft:
            self = .participantLeft(try ParticipantInfo(reading: try reader.object("participant")))
        case TypeName.tracks:
            self = .tracks(participant: try reader.string("participant"), tracks: try reader.objects("tracks", readTrack))
        case TypeName.error:
            self = .error(try ErrorReport(reading: reader))
        case TypeName.recording:
            self = .recording(try RecordingStatus(reading: reader))
        case TypeName.trackPaused:
            self = .trackPaused(track: try reader.string("track"))
        case TypeName.trackResumed:
            self = .trackResumed(track: try reader.string("track"))
        case TypeName.activeSpeaker:
            self = .activeSpeaker(participants: try reader.strings("participants"))
        case TypeName.layersWanted:
            self = .layersWanted(track: try reader.string("track"), rids: try reader.strings("rids"))
        case TypeName.redirect:
            self = .redirect(url: try reader.string("url"))
        default:
            throw .unknownType(type)
        }
    }
}
