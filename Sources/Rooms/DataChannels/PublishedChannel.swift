import DataChannel
import NIOCore

/// A data channel a participant opened on its publish PC, and the channels
/// the server opened for it toward every other participant, labelled
/// `<publisher id>/<label>` (mediasoup's data producer and consumers).
final class PublishedChannel {
    unowned let publisher: Participant
    /// The publisher's stream id and what it opened.
    let info: DataChannelInfo
    /// Forwarded channels by subscriber participant id: the subscriber and
    /// its channel's stream id (weak: the room forgets both when it leaves).
    var forwards: [String: Forward] = [:]

    struct Forward {
        weak var subscriber: Participant?
        var channel: UInt16
    }

    init(publisher: Participant, info: DataChannelInfo) {
        self.publisher = publisher
        self.info = info
    }

    /// The label subscribers see.
    var forwardedLabel: String { publisher.id + "/" + info.label }

    /// Partially reliable channels may lose a message; reliable ones may not.
    var isReliable: Bool { info.type.reliability == .reliable }
}

/// Which published channel a subscriber's forwarded channel carries.
struct ForwardedChannel {
    unowned let source: PublishedChannel
}

/// A message held for a receiver whose association is not up yet.
struct PendingDataMessage {
    weak var source: PublishedChannel?
    var bytes: ByteBuffer
    var binary: Bool
}
