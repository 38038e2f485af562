import NIOCore
import Rooms

/// What a room's recorder hands from the room's loop to the writer thread,
/// in the order the room produced it.
enum RecorderInput: Sendable {
    case joined(ParticipantSnapshot, at: NIODeadline)
    case left(ParticipantSnapshot, at: NIODeadline)
    case tracks(ParticipantSnapshot, [SinkTrack], at: NIODeadline)
    case rtp(track: String, packet: ByteBuffer, arrival: NIODeadline)
    case senderReport(track: String, ntpTimestamp: UInt64, rtpTimestamp: UInt32, arrival: NIODeadline)

    /// Media can be dropped when the queue is full; membership and tracks never.
    var isMedia: Bool {
        if case .rtp = self { return true }
        return false
    }
}
