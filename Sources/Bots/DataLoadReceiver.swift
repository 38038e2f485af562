import NIOCore

/// What a subscribing bot measures of the data messages forwarded to it:
/// per forwarded channel (one per publisher) the next sequence number
/// expected, so gaps and reordering show; latency from the send time.
struct DataLoadReceiver {
    private var nextSequence: [UInt16: UInt64] = [:]
    private(set) var counters = DataLoadCounters()
    var latency = LatencyHistogram()
    var intervalLatency = LatencyHistogram()

    mutating func channelClosed() { counters.channelsClosed &+= 1 }

    mutating func receive(_ bytes: ByteBuffer, on channel: UInt16, nowUptimeNanoseconds now: UInt64) {
        guard let message = DataLoadMessage(parsing: bytes) else {
            counters.foreign &+= 1
            return
        }
        counters.received &+= 1
        counters.bytesReceived &+= UInt64(bytes.readableBytes)
        let expected = nextSequence[channel] ?? message.sequence
        if message.sequence >= expected {
            counters.missing &+= message.sequence - expected
            nextSequence[channel] = message.sequence + 1
        } else {
            counters.late &+= 1
        }
        if now >= message.sentAtUptimeNanoseconds {
            let microseconds = Double(now - message.sentAtUptimeNanoseconds) / 1_000
            latency.record(microseconds: microseconds)
            intervalLatency.record(microseconds: microseconds)
        }
    }
}

/// Data channel counts of one bot, or summed over many.
public struct DataLoadCounters: Sendable, Hashable, Codable {
    public var sent: UInt64 = 0
    public var sendFailures: UInt64 = 0
    public var received: UInt64 = 0
    public var bytesReceived: UInt64 = 0
    /// Sequence numbers skipped (lost, or dropped by the server).
    public var missing: UInt64 = 0
    /// Arrived after a later one (an unordered channel may do that).
    public var late: UInt64 = 0
    /// Messages that were not a load-test message.
    public var foreign: UInt64 = 0
    /// Forwarded channels the server closed.
    public var channelsClosed: UInt64 = 0

    public init() {}

    public mutating func add(_ other: DataLoadCounters) {
        sent &+= other.sent
        sendFailures &+= other.sendFailures
        received &+= other.received
        bytesReceived &+= other.bytesReceived
        missing &+= other.missing
        late &+= other.late
        foreign &+= other.foreign
        channelsClosed &+= other.channelsClosed
    }
}
