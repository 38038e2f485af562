import NIOCore

/// Messages accepted from the user and not yet fully sent, cut into DATA
/// fragments as the congestion window opens (RFC 9260 §6.9). SSNs are
/// given when a message's first fragment leaves, so a message abandoned
/// before that leaves no hole in its stream's sequence.
struct SCTPSendQueue: Sendable {
    struct Message: Sendable {
        var id: UInt64
        var stream: UInt16
        var payloadProtocol: UInt32
        var unordered: Bool
        var reliability: SCTPReliability
        /// When a `.lifetime` message is abandoned.
        var expiry: NIODeadline?
        var data: ByteBuffer
        var ssn: UInt16 = 0
        var sentBytes = 0
    }

    /// A fragment leaving the queue, with what the retransmission queue
    /// needs to know about its message.
    struct Fragment: Sendable {
        var chunk: SCTPDataChunk
        var messageID: UInt64
        var reliability: SCTPReliability
        var expiry: NIODeadline?
    }

    private var messages: [Message] = []
    private var head = 0
    private var nextID: UInt64 = 0
    private var nextSSN: [UInt16: UInt16] = [:]
    /// Bytes of user data not yet sent.
    private(set) var bufferedBytes = 0
    /// Queued `.lifetime` messages: without any, nothing can expire and
    /// the queue is not scanned.
    private var expiringMessages = 0

    var isEmpty: Bool { head == messages.count }

    mutating func enqueue(_ message: SCTPMessage, reliability: SCTPReliability, now: NIODeadline) {
        var expiry: NIODeadline?
        if case .lifetime(let lifetime) = reliability {
            expiry = now + lifetime
            expiringMessages += 1
        }
        messages.append(
            Message(
                id: nextID, stream: message.streamIdentifier, payloadProtocol: message.payloadProtocol,
                unordered: message.unordered, reliability: reliability, expiry: expiry, data: message.bytes))
        nextID &+= 1
        bufferedBytes += message.bytes.readableBytes
    }

    /// Size of the next fragment `nextFragment` would return.
    func nextFragmentSize(max: Int) -> Int? {
        guard head < messages.count else { return nil }
        return min(max, messages[head].data.readableBytes - messages[head].sentBytes)
    }

    /// The next fragment of at most `max` bytes, numbered `tsn`.
    mutating func nextFragment(max: Int, tsn: UInt32, now: NIODeadline) -> Fragment? {
        guard head < messages.count else { return nil }
        var message = messages[head]
        let first = message.sentBytes == 0
        if first && !message.unordered {
            message.ssn = nextSSN[message.stream] ?? 0
            nextSSN[message.stream] = message.ssn &+ 1
        }
        let total = message.data.readableBytes
        let size = min(max, total - message.sentBytes)
        let slice = message.data.getSlice(at: message.data.readerIndex + message.sentBytes, length: size) ?? ByteBuffer()
        message.sentBytes += size
        bufferedBytes -= size
        let last = message.sentBytes >= total
        let chunk = SCTPDataChunk(
            tsn: tsn, streamIdentifier: message.stream, streamSequenceNumber: message.ssn,
            payloadProtocol: message.payloadProtocol, unordered: message.unordered, beginning: first, ending: last,
            userData: slice)
        messages[head] = message
        if last { advanceHead() }
        return Fragment(chunk: chunk, messageID: message.id, reliability: message.reliability, expiry: message.expiry)
    }

    /// Drops expired `.lifetime` messages from the front of the queue (those
    /// partly sent are abandoned with their sent fragments); returns the ids.
    mutating func dropExpired(now: NIODeadline) -> [UInt64] {
        var dropped: [UInt64] = []
        guard expiringMessages > 0 else { return dropped }
        var index = head
        while index < messages.count {
            if let expiry = messages[index].expiry, expiry <= now, messages[index].sentBytes == 0 || index == head {
                dropped.append(messages[index].id)
                expiringMessages -= 1
                bufferedBytes -= messages[index].data.readableBytes - messages[index].sentBytes
                messages.remove(at: index)
            } else {
                index += 1
            }
        }
        return dropped
    }

    /// Removes the rest of message `id` if it is the partly sent head.
    mutating func abandonHead(id: UInt64) {
        guard head < messages.count, messages[head].id == id else { return }
        bufferedBytes -= messages[head].data.readableBytes - messages[head].sentBytes
        if messages[head].expiry != nil { expiringMessages -= 1 }
        advanceHead()
    }

    func hasPending(onAnyOf streams: Set<UInt16>) -> Bool {
        messages[head...].contains { streams.contains($0.stream) }
    }

    /// Our outgoing streams were reset (RFC 6525 §5.1.4): SSNs start at 0.
    mutating func resetSSNs(_ streams: [UInt16]) {
        for stream in streams { nextSSN[stream] = nil }
    }

    private mutating func advanceHead() {
        if messages[head].expiry != nil, messages[head].sentBytes >= messages[head].data.readableBytes { expiringMessages -= 1 }
        head += 1
        if head == messages.count {
            messages.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64, head * 2 > messages.count {
            messages.removeFirst(head)
            head = 0
        }
    }
}
