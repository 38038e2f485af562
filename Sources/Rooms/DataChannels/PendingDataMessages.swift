import DataChannel

/// Messages for a participant whose subscribe association is still coming
/// up (its first subscribe offer went out, DTLS and SCTP are not done):
/// they wait here, in order, and go out on its forwarded channels once
/// they open, so a participant in the room gets every message sent after
/// it joined. Bounded in bytes like a receiver's association buffer.
struct PendingDataMessages {
    struct Entry {
        let channel: PublishedChannel
        let message: DataChannelMessage
    }

    private(set) var entries: [Entry] = []
    private(set) var bytes = 0

    /// Keeps `message`; false (nothing kept) when it would pass `limit` bytes.
    mutating func append(_ message: DataChannelMessage, on channel: PublishedChannel, limit: Int) -> Bool {
        let size = message.bytes.readableBytes
        guard bytes + size <= limit else { return false }
        entries.append(Entry(channel: channel, message: message))
        bytes += size
        return true
    }

    /// Everything kept, oldest first; empties the queue.
    mutating func take() -> [Entry] {
        defer { entries = []; bytes = 0 }
        return entries
    }
}
