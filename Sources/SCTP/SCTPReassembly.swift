import NIOCore

/// Reassembles DATA fragments into user messages (RFC 9260 §6.5, §6.9):
/// per stream in SSN order for ordered messages, by consecutive TSNs for
/// unordered ones. Bounded: no message may exceed `maxMessageSize`.
struct SCTPReassembly: Sendable {
    struct Fragment: Sendable {
        var tsn: UInt32
        var ssn: UInt16
        var payloadProtocol: UInt32
        var beginning: Bool
        var ending: Bool
        var data: ByteBuffer
    }

    /// Ordered fragments of one stream, by SSN, and the SSN delivered next.
    private struct OrderedStream: Sendable {
        var nextSSN: UInt16 = 0
        var pending: [UInt16: [Fragment]] = [:]
    }

    enum Failure: Error, Equatable { case messageTooLarge(stream: UInt16) }

    let maxMessageSize: Int
    private var ordered: [UInt16: OrderedStream] = [:]
    /// Unordered fragments, sorted by TSN; their stream rides along.
    private var unordered: [(stream: UInt16, fragment: Fragment)] = []
    /// User data bytes held, the receive window's usage.
    private(set) var bufferedBytes = 0

    init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Adds one fragment; returns the messages now complete and deliverable.
    mutating func insert(_ chunk: SCTPDataChunk) throws(Failure) -> [SCTPMessage] {
        let fragment = Fragment(
            tsn: chunk.tsn, ssn: chunk.streamSequenceNumber, payloadProtocol: chunk.payloadProtocol,
            beginning: chunk.beginning, ending: chunk.ending, data: chunk.userData)
        let stream = chunk.streamIdentifier
        if chunk.unordered {
            if fragment.beginning && fragment.ending {
                return [SCTPMessage(streamIdentifier: stream, payloadProtocol: fragment.payloadProtocol, unordered: true, bytes: fragment.data)]
            }
            return try insertUnordered(fragment, stream: stream)
        }
        var state = ordered[stream] ?? OrderedStream()
        // A fragment of a message already delivered or skipped (FORWARD-TSN) is stale.
        guard state.nextSSN.precedesOrEquals(fragment.ssn) else { return [] }
        var fragments = state.pending[fragment.ssn] ?? []
        // Kept in TSN order; fragments usually arrive in order, so this appends.
        let index = fragments.lastIndex { $0.tsn.precedes(fragment.tsn) }.map { $0 + 1 } ?? 0
        fragments.insert(fragment, at: index)
        bufferedBytes += fragment.data.readableBytes
        let size = fragments.reduce(0) { $0 + $1.data.readableBytes }
        state.pending[fragment.ssn] = fragments
        ordered[stream] = state
        guard size <= maxMessageSize else { throw .messageTooLarge(stream: stream) }
        return deliverOrdered(stream: stream)
    }

    /// FORWARD-TSN (RFC 3758 §3.6): drops fragments up to `cumulativeTSN`,
    /// skips the listed SSNs, and returns what became deliverable.
    mutating func forward(to cumulativeTSN: UInt32, skipped: [SCTPForwardTSN.SkippedStream]) -> [SCTPMessage] {
        unordered.removeAll { entry in
            let stale = entry.fragment.tsn.precedesOrEquals(cumulativeTSN)
            if stale { bufferedBytes -= entry.fragment.data.readableBytes }
            return stale
        }
        var delivered: [SCTPMessage] = []
        for entry in skipped {
            // The caller keeps stream ids within the negotiated count.
            var state = ordered[entry.streamIdentifier] ?? OrderedStream()
            for ssn in Array(state.pending.keys) where ssn.precedesOrEquals(entry.streamSequenceNumber) {
                bufferedBytes -= state.pending.removeValue(forKey: ssn)?.reduce(0) { $0 + $1.data.readableBytes } ?? 0
            }
            if state.nextSSN.precedesOrEquals(entry.streamSequenceNumber) { state.nextSSN = entry.streamSequenceNumber &+ 1 }
            ordered[entry.streamIdentifier] = state
            delivered += deliverOrdered(stream: entry.streamIdentifier)
        }
        return delivered
    }

    /// The peer reset these streams (RFC 6525 §5.2.2): SSNs start at 0.
    mutating func resetStreams(_ streams: [UInt16]) {
        for stream in streams {
            if let state = ordered.removeValue(forKey: stream) {
                bufferedBytes -= state.pending.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.data.readableBytes } }
            }
        }
    }

    private mutating func deliverOrdered(stream: UInt16) -> [SCTPMessage] {
        guard var state = ordered[stream] else { return [] }
        var delivered: [SCTPMessage] = []
        while let fragments = state.pending[state.nextSSN], let message = SCTPReassembly.assemble(fragments) {
            state.pending[state.nextSSN] = nil
            bufferedBytes -= message.readableBytes
            delivered.append(SCTPMessage(streamIdentifier: stream, payloadProtocol: fragments[0].payloadProtocol, bytes: message))
            state.nextSSN &+= 1
        }
        ordered[stream] = state
        return delivered
    }

    private mutating func insertUnordered(_ fragment: Fragment, stream: UInt16) throws(Failure) -> [SCTPMessage] {
        let index = unordered.firstIndex { fragment.tsn.precedes($0.fragment.tsn) } ?? unordered.count
        unordered.insert((stream, fragment), at: index)
        bufferedBytes += fragment.data.readableBytes
        // The run of consecutive TSNs around the new fragment.
        var first = index
        while first > 0, !unordered[first].fragment.beginning,
            unordered[first - 1].fragment.tsn &+ 1 == unordered[first].fragment.tsn, !unordered[first - 1].fragment.ending
        { first -= 1 }
        var last = index
        while last + 1 < unordered.count, !unordered[last].fragment.ending,
            unordered[last].fragment.tsn &+ 1 == unordered[last + 1].fragment.tsn, !unordered[last + 1].fragment.beginning
        { last += 1 }
        let run = unordered[first...last].map(\.fragment)
        guard let message = SCTPReassembly.assemble(run) else {
            let size = run.reduce(0) { $0 + $1.data.readableBytes }
            guard size <= maxMessageSize else { throw .messageTooLarge(stream: stream) }
            return []
        }
        unordered.removeSubrange(first...last)
        bufferedBytes -= message.readableBytes
        return [SCTPMessage(streamIdentifier: stream, payloadProtocol: run[0].payloadProtocol, unordered: true, bytes: message)]
    }

    /// The message if `sorted` (in TSN order) runs from B to E over consecutive TSNs.
    private static func assemble(_ sorted: [Fragment]) -> ByteBuffer? {
        guard let head = sorted.first, let tail = sorted.last, head.beginning, tail.ending,
            Int(tail.tsn &- head.tsn) == sorted.count - 1
        else { return nil }
        for index in sorted.indices.dropFirst() {
            guard sorted[index - 1].tsn &+ 1 == sorted[index].tsn, !sorted[index].beginning, !sorted[index - 1].ending else { return nil }
        }
        if sorted.count == 1 { return head.data }
        var message = ByteBuffer()
        message.reserveCapacity(sorted.reduce(0) { $0 + $1.data.readableBytes })
        for fragment in sorted {
            var data = fragment.data
            message.writeBuffer(&data)
        }
        return message
    }
}
