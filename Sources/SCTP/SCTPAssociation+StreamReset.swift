import NIOCore

/// Stream reset (RFC 6525): closing a data channel resets its outgoing
/// stream; the peer answers and resets its own (RFC 8831 §6.7).
extension SCTPAssociation {
    /// Asks the peer to reset our outgoing `streams` once their queued
    /// messages are sent. New messages on them are refused until then.
    public mutating func resetStreams(_ streams: [UInt16], now: NIODeadline) -> [SCTPAction] {
        guard state == .established, peerSupportsReconfig else { return [] }
        streamReset.add(streams.filter { $0 < outboundStreamCount })
        var actions: [SCTPAction] = []
        flush(now: now, actions: &actions)
        return actions
    }

    mutating func handleReconfig(_ reconfig: SCTPReconfig, now: NIODeadline, actions: inout [SCTPAction]) {
        guard state == .established else {
            counters.unexpectedChunks &+= 1
            return
        }
        var responses: [SCTPReconfig.Parameter] = []
        for parameter in reconfig.parameters {
            switch parameter {
            case .outgoingReset(let sequence, _, let lastTSN, let streams):
                if let response = answerOutgoingReset(sequence: sequence, lastTSN: lastTSN, streams: streams, actions: &actions) {
                    responses.append(response)
                }
            case .incomingReset(let sequence, let streams):
                // §5.2.3: the peer asks us to reset our outgoing streams; do so with our own request.
                if let response = answerSequence(sequence) {
                    responses.append(response)
                    continue
                }
                streamReset.add(streams.isEmpty ? Array(0..<outboundStreamCount) : streams.filter { $0 < outboundStreamCount })
                let response = SCTPReconfig.Parameter.response(responseSequence: sequence, result: .successNothingToDo)
                streamReset.peerNextRequestSequence &+= 1
                streamReset.lastResponse = response
                responses.append(response)
            case .response(let sequence, let result):
                if let streams = streamReset.responseArrived(sequence: sequence, result: result) {
                    sendQueue.resetSSNs(streams)
                    actions.append(.outgoingStreamsReset(streams))
                }
            case .other:
                counters.unknownChunks &+= 1
            }
        }
        if !responses.isEmpty { outbox.append(.reconfig(SCTPReconfig(parameters: Array(responses.prefix(2))))) }
    }

    /// §5.2.2: reset once all data before `lastTSN` has arrived, else "in progress".
    private mutating func answerOutgoingReset(
        sequence: UInt32, lastTSN: UInt32, streams: [UInt16], actions: inout [SCTPAction]
    ) -> SCTPReconfig.Parameter? {
        if let response = answerSequence(sequence) { return response }
        guard lastTSN.precedesOrEquals(receiver.cumulativeTSN) else {
            return .response(responseSequence: sequence, result: .inProgress)
        }
        let reset = streams.isEmpty ? Array(0..<inboundStreamCount) : streams.filter { $0 < inboundStreamCount }
        reassembly.resetStreams(reset)
        let response = SCTPReconfig.Parameter.response(responseSequence: sequence, result: .successPerformed)
        streamReset.peerNextRequestSequence &+= 1
        streamReset.lastResponse = response
        actions.append(.incomingStreamsReset(reset))
        return response
    }

    /// The answer to a repeated or out-of-sequence request (§5.2.1), or nil
    /// when `sequence` is the one expected next.
    private func answerSequence(_ sequence: UInt32) -> SCTPReconfig.Parameter? {
        if sequence == streamReset.peerNextRequestSequence { return nil }
        if sequence == streamReset.peerNextRequestSequence &- 1, let last = streamReset.lastResponse { return last }
        return .response(responseSequence: sequence, result: .errorBadSequenceNumber)
    }
}
