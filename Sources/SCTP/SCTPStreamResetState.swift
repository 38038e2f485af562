import NIOCore

/// Outgoing stream resets (RFC 6525 §5.1): streams waiting to be reset,
/// the one request in flight, and the sequence numbers on both sides.
struct SCTPStreamResetState: Sendable {
    /// Streams the user closed, waiting for a request.
    private(set) var waiting: Set<UInt16> = []
    /// The request in flight, retransmitted until answered.
    private(set) var inFlight: (sequence: UInt32, streams: [UInt16], request: SCTPReconfig)?
    var deadline: NIODeadline?
    private var retransmitDue = false
    private var nextRequestSequence: UInt32
    /// The peer's next request sequence number, and our last response (§5.2.1).
    var peerNextRequestSequence: UInt32
    var lastResponse: SCTPReconfig.Parameter?

    init(localInitialTSN: UInt32, peerInitialTSN: UInt32) {
        nextRequestSequence = localInitialTSN
        peerNextRequestSequence = peerInitialTSN
    }

    func isResetting(_ stream: UInt16) -> Bool {
        waiting.contains(stream) || inFlight?.streams.contains(stream) == true
    }

    mutating func add(_ streams: [UInt16]) {
        for stream in streams where inFlight?.streams.contains(stream) != true { waiting.insert(stream) }
    }

    mutating func timerFired() {
        deadline = nil
        retransmitDue = true
    }

    /// The RE-CONFIG to send now: a new request once the waiting streams
    /// have no unsent data (§5.1.2), or the one in flight again.
    mutating func requestToSend(now: NIODeadline, rto: TimeAmount, queue: SCTPSendQueue, nextTSN: UInt32) -> SCTPReconfig? {
        if let current = inFlight {
            guard retransmitDue else { return nil }
            retransmitDue = false
            deadline = now + rto
            return current.request
        }
        guard !waiting.isEmpty, !queue.hasPending(onAnyOf: waiting) else { return nil }
        let streams = waiting.sorted()
        waiting = []
        let request = SCTPReconfig(parameters: [
            .outgoingReset(
                requestSequence: nextRequestSequence, responseSequence: peerNextRequestSequence &- 1,
                senderLastTSN: nextTSN &- 1, streams: streams)
        ])
        inFlight = (nextRequestSequence, streams, request)
        nextRequestSequence &+= 1
        deadline = now + rto
        return request
    }

    /// A response to our request: the reset streams when it succeeded,
    /// nil when it is not ours or must be retried later.
    mutating func responseArrived(sequence: UInt32, result: SCTPReconfig.Result) -> [UInt16]? {
        guard let current = inFlight, current.sequence == sequence else { return nil }
        switch result {
        case .inProgress:
            // §5.2.2: the peer has not received all our data yet; ask again after the RTO.
            return nil
        case .successPerformed, .successNothingToDo:
            inFlight = nil
            deadline = nil
            return current.streams
        case .denied, .errorWrongSSN, .errorRequestAlreadyInProgress, .errorBadSequenceNumber:
            // Given up: the streams stay as they are and the channel is closed anyway.
            inFlight = nil
            deadline = nil
            return current.streams
        }
    }
}
