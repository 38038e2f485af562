import NIOCore
import Rooms

/// The room's side of a recording: a `MediaSink` on the room's event loop
/// that only copies what it is given into the recording's bounded queue
/// (`RecorderInbox`); `RoomRecording` does the rest on the writer thread.
/// When the queue is full a packet is dropped and counted, and the
/// recording reports a gap: forwarding never waits for the disk.
public final class RoomRecorder: MediaSink {
    public let recording: RoomRecording
    /// Called on the loop for each participant that joins while recording
    /// (to tell it the room is being recorded).
    private let onParticipantJoined: (ParticipantSnapshot) -> Void
    private let allocator = ByteBufferAllocator()

    public init(recording: RoomRecording, onParticipantJoined: @escaping (ParticipantSnapshot) -> Void = { _ in }) {
        self.recording = recording
        self.onParticipantJoined = onParticipantJoined
    }

    private var inbox: RecorderInbox { recording.inbox }

    public func participantJoined(_ participant: ParticipantSnapshot, now: NIODeadline) {
        inbox.push(.joined(participant, at: now))
        onParticipantJoined(participant)
    }

    public func participantLeft(_ participant: ParticipantSnapshot, now: NIODeadline) {
        inbox.push(.left(participant, at: now))
    }

    public func tracksChanged(of participant: ParticipantSnapshot, tracks: [SinkTrack], now: NIODeadline) {
        inbox.push(.tracks(participant, tracks, at: now))
    }

    public func publisherRTP(_ packet: ByteBuffer, track: String, now: NIODeadline) {
        // A copy: the receive path may reuse its buffer.
        var copy = allocator.buffer(capacity: packet.readableBytes)
        copy.writeImmutableBuffer(packet)
        inbox.push(.rtp(track: track, packet: copy, arrival: now))
    }

    public func publisherSenderReport(track: String, ntpTimestamp: UInt64, rtpTimestamp: UInt32, now: NIODeadline) {
        inbox.push(.senderReport(track: track, ntpTimestamp: ntpTimestamp, rtpTimestamp: rtpTimestamp, arrival: now))
    }

    public func detached(now: NIODeadline) {
        inbox.close()
    }
}
