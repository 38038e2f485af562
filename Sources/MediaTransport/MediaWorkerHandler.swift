import DTLS
import ICELite
import Logging
import NIOCore
import STUN

/// The channel handler of one media socket: classifies each datagram
/// (RFC 7983), routes it to its peer transport (STUN by the ICE ufrag in
/// USERNAME, everything else by source address) and batches the peers'
/// writes into one flush per read batch or event-loop tick.
final class MediaWorkerHandler: ChannelInboundHandler, PeerTransportHost {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    let eventLoop: any EventLoop
    /// The time handed to peers with each datagram (their clock too).
    let clock: any MediaClock
    private(set) var counters = MediaTransportCounters()
    /// What this worker's ICE-TCP connections did (written by them).
    var tcpCounters = ICETCPCounters()
    /// Open ICE-TCP connections, closed with the worker.
    var tcpConnections: [ObjectIdentifier: ICETCPConnectionHandler] = [:]
    private var context: ChannelHandlerContext?
    private var peersByUfrag: [String: PeerTransport] = [:]
    private var peersByAddress: [SocketAddress: PeerTransport] = [:]
    private var peers: [ObjectIdentifier: PeerTransport] = [:]
    private var addressesByPeer: [ObjectIdentifier: [SocketAddress]] = [:]
    /// Address probes in flight: their answers come from addresses not routed yet.
    private var peersByTransaction: [STUNTransactionID: PeerTransport] = [:]
    private var transactionsByPeer: [ObjectIdentifier: [STUNTransactionID]] = [:]
    /// Checks that named a ufrag before its peer registered.
    private var earlyChecks = EarlyChecks()
    /// Whether writes are waiting for a flush, and whether one is scheduled.
    private var unflushed = false
    private var inReadBatch = false
    private var flushScheduled = false
    private let logger: Logger

    init(eventLoop: any EventLoop, clock: any MediaClock, logger: Logger) {
        self.eventLoop = eventLoop
        self.clock = clock
        self.logger = logger
    }

    /// Peers currently registered on this socket.
    var peerCount: Int { peers.count }
    var routedAddressCount: Int { peersByAddress.count }

    // MARK: - Registration

    /// Most addresses routed to one peer: ICE's candidate bound, so a peer
    /// cannot grow the table by checking from many addresses.
    static let maxRoutesPerPeer = ICELiteAgent.maxCandidateAddresses

    /// Registers a peer, found by its local ufrag (a client peer too: the
    /// server probes its address).
    func register(_ peer: PeerTransport) {
        peers[ObjectIdentifier(peer)] = peer
        peersByUfrag[peer.localCredentials.ufrag] = peer
        if case .client(let remote) = peer.role { route(remote, to: peer) }
        for check in earlyChecks.take(ufrag: peer.localCredentials.ufrag, now: clock.now) {
            peer.handleSTUN(check.message, from: check.source, now: clock.now)
        }
    }

    func peer(_ peer: PeerTransport, changedUfrag oldUfrag: String) {
        if peersByUfrag[oldUfrag] === peer { peersByUfrag[oldUfrag] = nil }
        peersByUfrag[peer.localCredentials.ufrag] = peer
    }

    func closeAllPeers() {
        for peer in Array(peers.values) { peer.close() }
        for connection in Array(tcpConnections.values) { connection.close() }
    }

    /// The peer whose local ufrag is `ufrag` (an ICE-TCP connection's first check names it).
    func peer(forUfrag ufrag: String) -> PeerTransport? {
        peersByUfrag[ufrag]
    }

    // MARK: - ChannelInboundHandler

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inReadBatch = true
        let envelope = unwrapInboundIn(data)
        let source = envelope.remoteAddress
        counters.datagramsReceived &+= 1
        counters.bytesReceived &+= UInt64(envelope.data.readableBytes)
        let kind = DatagramKind(classifying: envelope.data)
        switch kind {
        case .stun:
            handleSTUN(envelope.data, from: source)
        case .dtls:
            guard let peer = peersByAddress[source] else {
                counters.droppedUnroutedDatagram &+= 1
                return
            }
            peer.handleDTLS(envelope.data, from: .udp(source), now: clock.now)
        case .rtp, .rtcp:
            guard let peer = peersByAddress[source] else {
                counters.droppedUnroutedDatagram &+= 1
                return
            }
            peer.handleSRTP(envelope.data, isRTCP: kind == .rtcp)
        case .unknown:
            counters.droppedUnknownKind &+= 1
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        inReadBatch = false
        flushIfNeeded()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // UDP errors (ICMP unreachable surfacing as ECONNREFUSED, ...) concern
        // one destination, never the socket: log and carry on.
        logger.debug("media socket error", metadata: ["error": "\(error)"])
    }

    private func handleSTUN(_ datagram: ByteBuffer, from source: SocketAddress) {
        guard let message = try? STUNMessage(parsing: datagram) else {
            counters.droppedUnroutedSTUN &+= 1
            return
        }
        let peer: PeerTransport?
        if message.type == .bindingRequest {
            guard let ufrag = ICELiteAgent.routingUfrag(of: message) else {
                counters.droppedUnroutedSTUN &+= 1
                return
            }
            peer = peersByUfrag[String(ufrag)]
            if peer == nil { earlyChecks.keep(message, ufrag: ufrag, from: source, now: clock.now) }
        } else if let prober = peersByTransaction.removeValue(forKey: message.transactionID) {
            transactionsByPeer[ObjectIdentifier(prober)]?.removeAll { $0 == message.transactionID }
            peer = prober
        } else {
            // Responses to a client peer's checks come from the server's address.
            peer = peersByAddress[source]
        }
        guard let peer else {
            counters.droppedUnroutedSTUN &+= 1
            return
        }
        peer.handleSTUN(message, from: source, now: clock.now)
    }

    // MARK: - PeerTransportHost

    func send(_ datagram: ByteBuffer, to address: SocketAddress) {
        guard let context else { return }
        guard context.channel.isWritable else {
            counters.droppedSendQueueFull &+= 1
            return
        }
        counters.datagramsSent &+= 1
        counters.bytesSent &+= UInt64(datagram.readableBytes)
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: address, data: datagram)), promise: nil)
        unflushed = true
        if !inReadBatch && !flushScheduled {
            // Sent from a timer or another peer's callback: flush once at the
            // end of this tick, so a burst of sends shares one sendmmsg.
            flushScheduled = true
            eventLoop.assumeIsolated().execute { [weak self] in
                self?.flushScheduled = false
                self?.flushIfNeeded()
            }
        }
    }

    @discardableResult
    func route(_ address: SocketAddress, to peer: PeerTransport) -> Bool {
        if let current = peersByAddress[address] {
            guard current === peer else {
                // Never taken over: only a live peer's close frees it. A peer
                // proving an address another peer holds is a NAT reusing a
                // port within consent, or someone answering for it.
                counters.routeTakeoversRefused &+= 1
                return false
            }
            return true
        }
        let key = ObjectIdentifier(peer)
        var addresses = addressesByPeer[key, default: []]
        if addresses.count >= Self.maxRoutesPerPeer,
            let oldest = addresses.firstIndex(where: { $0 != peer.remoteAddress })
        {
            peersByAddress[addresses.remove(at: oldest)] = nil
            counters.routesEvicted &+= 1
        }
        addresses.append(address)
        addressesByPeer[key] = addresses
        peersByAddress[address] = peer
        return true
    }

    func expectResponse(to transactionID: STUNTransactionID, for peer: PeerTransport) {
        let key = ObjectIdentifier(peer)
        var transactions = transactionsByPeer[key, default: []]
        if transactions.count >= ICEAddressValidation.maxProbes {
            peersByTransaction[transactions.removeFirst()] = nil
        }
        transactions.append(transactionID)
        transactionsByPeer[key] = transactions
        peersByTransaction[transactionID] = peer
    }

    func countICE(from before: ICECheckCounters, to after: ICECheckCounters) {
        counters.iceNominationsDeferred &+= after.nominationsDeferred &- before.nominationsDeferred
        counters.iceProbesSent &+= after.probesSent &- before.probesSent
        counters.iceAddressesValidated &+= after.addressesValidated &- before.addressesValidated
        counters.iceProbeResponsesRejected &+= after.probeResponsesRejected &- before.probeResponsesRejected
    }

    func peerDidClose(_ peer: PeerTransport, reason: PeerCloseReason) {
        peers[ObjectIdentifier(peer)] = nil
        for address in addressesByPeer.removeValue(forKey: ObjectIdentifier(peer)) ?? [] {
            if peersByAddress[address] === peer { peersByAddress[address] = nil }
        }
        for transaction in transactionsByPeer.removeValue(forKey: ObjectIdentifier(peer)) ?? [] {
            peersByTransaction[transaction] = nil
        }
        if peersByUfrag[peer.localCredentials.ufrag] === peer {
            peersByUfrag[peer.localCredentials.ufrag] = nil
        }
        switch reason {
        case .consentExpired: counters.peersClosedConsent &+= 1
        case .dtlsFailed, .dtlsHandshakeTimeout, .srtpSetupFailed: counters.peersClosedDTLSFailure &+= 1
        case .closedByOwner: counters.peersClosedByOwner &+= 1
        case .closedByRemote: counters.peersClosedByRemote &+= 1
        }
    }

    func countDataChannels(_ update: (inout DataChannelTransportCounters) -> Void) {
        update(&counters.dataChannels)
    }

    func countDrop(_ reason: PeerTransport.DropReason) {
        switch reason {
        case .beforeSRTP: counters.droppedBeforeSRTP &+= 1
        case .srtpAuthentication: counters.droppedSRTPAuthentication &+= 1
        case .srtpReplay: counters.droppedSRTPReplay &+= 1
        case .srtpOther: counters.droppedSRTPOther &+= 1
        case .rejectedCheck: counters.rejectedChecks &+= 1
        case .malformedDTLS: counters.droppedMalformedDTLS &+= 1
        case .srtpStreamEvicted: counters.srtpStreamsEvicted &+= 1
        }
    }

    private func flushIfNeeded() {
        guard unflushed, let context else { return }
        unflushed = false
        context.flush()
    }
}
