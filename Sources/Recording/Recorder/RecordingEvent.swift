/// What a room recording reports to the server (from the writer thread):
/// the server logs it and tells the room's participants.
public enum RecordingEvent: Sendable, Hashable {
    /// The recording's directory and manifest exist; media is being written.
    case started(room: String, id: String, directory: String)
    /// Every file was finished and the manifest is final.
    case stopped(room: String, id: String, directory: String)
    /// Writing failed (unwritable directory, disk full); `message` says
    /// which path and why. Forwarding is not affected.
    case failed(room: String, id: String, message: String)
    /// The queue to the writer overflowed: `droppedPackets` packets are
    /// missing from the files (a gap in time, not a shift).
    case gap(room: String, id: String, droppedPackets: Int)
}
