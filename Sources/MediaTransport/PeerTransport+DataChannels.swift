import DTLS
import DataChannel
import NIOCore
import SCTP

/// Data channels over the transport's DTLS association (RFC 8261: each
/// application data record is one SCTP packet). The endpoint is a value
/// type; this extension feeds it records, the owner's requests and its
/// timer, sends its packets as DTLS records and tells the delegate what
/// happened.
extension PeerTransport {
    /// Why a data channel request of the owner failed.
    public enum DataChannelFailure: Error, Sendable, Hashable {
        /// Data channels were not negotiated, or their association is not up.
        case unavailable
        case refused(DataChannelError)
    }

    /// The negotiated SDP accepted an m=application: SCTP runs once DTLS
    /// connects (at once when it already has). Later calls change nothing.
    public func enableDataChannels(_ settings: DataChannelSettings) {
        guard !isClosed, dataChannelSettings == nil else { return }
        dataChannelSettings = settings
        if state == .connected { startDataChannels() }
    }

    /// True once the association is established and channels may open.
    public var dataChannelsReady: Bool { dataChannels?.association.isEstablished ?? false }

    /// True for a stream id of this side's parity: a channel this side
    /// opened (DTLS client even, server odd; RFC 8832 §6).
    public func isOwnDataChannel(_ id: UInt16) -> Bool {
        guard let endpoint = dataChannels else { return false }
        return (id % 2 == 1) == (endpoint.role == .dtlsServer)
    }

    /// Bytes queued toward the peer on the association, not yet acknowledged.
    public var dataChannelBufferedAmount: Int { dataChannels?.bufferedAmount ?? 0 }

    /// Opens a channel toward the peer; messages may be sent on it at once
    /// (ordered until the peer's ACK, RFC 8832 §6).
    public func openDataChannel(label: String, protocol name: String, type: DataChannelType) throws(DataChannelFailure)
        -> UInt16
    {
        guard dataChannelsReady else { throw .unavailable }
        var opened: UInt16 = 0
        var failure: DataChannelError?
        runDataChannels { endpoint, now in
            do throws(DataChannelError) {
                let (id, actions) = try endpoint.open(label: label, protocol: name, type: type, now: now)
                opened = id
                return actions
            } catch {
                failure = error
                return []
            }
        }
        if let failure { throw .refused(failure) }
        return opened
    }

    /// Sends one message on channel `id` (an empty one as the "empty" PPID).
    public func sendDataChannelMessage(_ bytes: ByteBuffer, binary: Bool, on id: UInt16) throws(DataChannelFailure) {
        guard dataChannels != nil else { throw .unavailable }
        var failure: DataChannelError?
        runDataChannels { endpoint, now in
            do throws(DataChannelError) {
                return try endpoint.send(bytes, binary: binary, on: id, now: now)
            } catch {
                failure = error
                return []
            }
        }
        if let failure { throw .refused(failure) }
    }

    /// Closes channel `id` by resetting its stream (RFC 8831 §6.7).
    public func closeDataChannel(_ id: UInt16) {
        runDataChannels { endpoint, now in endpoint.close(id, now: now) }
    }

    // MARK: - Driving the endpoint

    /// DTLS connected: set up the association and send INIT (both WebRTC
    /// peers do, RFC 8841 §10; the engine resolves the collision).
    func startDataChannels() {
        guard let settings = dataChannelSettings, dataChannels == nil, let dtls, state == .connected else { return }
        var configuration = SCTPAssociationConfiguration()
        // Each SCTP packet must fit one DTLS record of one datagram.
        let recordLimit = dtls.maxApplicationDataSize
        configuration.mtu = recordLimit > 0 ? min(configuration.mtu, recordLimit) : configuration.mtu - 100
        configuration.maxMessageSize = settings.maxMessageSize
        configuration.remoteMaxMessageSize = settings.remoteMaxMessageSize
        configuration.remotePort = settings.remotePort
        configuration.sendBufferLimit = settings.sendBufferLimit
        configuration.receiveWindow = max(configuration.receiveWindow, settings.maxMessageSize)
        dataChannels = DataChannelEndpoint(
            role: dtls.role == .client ? .dtlsClient : .dtlsServer,
            association: SCTPAssociation(configuration: configuration), maxChannels: settings.maxChannels)
        runDataChannels { endpoint, now in endpoint.connect(now: now) }
    }

    /// One DTLS application data record: an SCTP packet.
    func receiveSCTP(_ record: ByteBuffer) {
        guard dataChannels != nil else {
            host.countDataChannels { $0.recordsWithoutAssociation &+= 1 }
            return
        }
        runDataChannels { endpoint, now in endpoint.handle(packet: record, now: now) }
    }

    /// Forgets the association (the transport closed): no more timers.
    func stopDataChannels() {
        dataChannelTimer?.cancel()
        dataChannelTimer = nil
        dataChannelTimerDeadline = nil
        if let endpoint = dataChannels, endpoint.association.state != .closed {
            host.countDataChannels { $0.associationsClosedWithTransport &+= 1 }
        }
        dataChannels = nil
    }

    /// Runs `body` on the endpoint, counts what it refused, sends its
    /// packets, tells the delegate the rest, and re-arms the timer. The
    /// endpoint is stored back before any action runs, so a delegate may
    /// call in again (open a channel when the association comes up).
    func runDataChannels(_ body: (inout DataChannelEndpoint, NIODeadline) -> [DataChannelAction]) {
        guard !isClosed, var endpoint = dataChannels else { return }
        let before = (endpoint.association.counters, endpoint.counters)
        let actions = body(&endpoint, clock.now)
        let after = (endpoint.association.counters, endpoint.counters)
        dataChannels = endpoint
        if before != after { host.countDataChannels { $0.add(from: before, to: after) } }
        for action in actions {
            guard !isClosed else { return }
            switch action {
            case .send(let packet):
                sendSCTP(packet)
            case .associationClosed(let reason):
                host.countDataChannels { $0.countClose(reason) }
                delegate?.peerTransport(self, dataChannel: action)
            case .ready, .opened, .message, .closed:
                delegate?.peerTransport(self, dataChannel: action)
            }
        }
        armDataChannelTimer()
    }

    private func sendSCTP(_ packet: ByteBuffer) {
        guard let dtls, let remotePath else { return }
        do {
            for datagram in try dtls.send(applicationData: packet) { send(datagram, on: remotePath) }
        } catch {
            host.countDataChannels { $0.recordsNotSent &+= 1 }
            logger.debug("SCTP packet not sent", metadata: ["error": "\(error)", "size": "\(packet.readableBytes)"])
        }
    }

    /// One scheduled task per transport at the association's next
    /// deadline; moved only when the deadline comes earlier (a task that
    /// fires early finds nothing due and re-arms). No deadline, no task.
    private func armDataChannelTimer() {
        guard !isClosed, let deadline = dataChannels?.nextDeadline else { return }
        if let scheduled = dataChannelTimerDeadline, scheduled <= deadline { return }
        dataChannelTimer?.cancel()
        dataChannelTimerDeadline = deadline
        dataChannelTimer = clock.scheduleTask(deadline: deadline, on: host.eventLoop) { [weak self] in
            guard let self else { return }
            self.dataChannelTimer = nil
            self.dataChannelTimerDeadline = nil
            self.runDataChannels { endpoint, now in endpoint.handleTimeout(now: now) }
        }
    }
}
