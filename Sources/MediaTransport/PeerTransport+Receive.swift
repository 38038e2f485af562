import DTLS
import ICELite
import NIOCore
import SRTP
import STUN

extension PeerTransport {
    /// A STUN message from `source` for this peer: a check or the answer to
    /// one of our address probes (server), or the answer to one of our
    /// checks or the server's probe (client). `path` is how it came: the
    /// UDP socket (nil) or an ICE-TCP connection, where replies go back.
    func handleSTUN(_ message: STUNMessage, from source: SocketAddress, over path: MediaPath? = nil, now: NIODeadline) {
        guard !isClosed else { return }
        let arrival = path ?? .udp(source)
        // The path an address the agent names stands for: the one this
        // message came on, or (a probe's answer) that UDP address.
        func pathTo(_ address: SocketAddress) -> MediaPath { address == source ? arrival : .udp(address) }
        switch ice {
        case .lite(var agent):
            let before = agent.counters
            let isRequest = message.type == .bindingRequest
            let response =
                isRequest
                ? agent.handleBindingRequest(message, from: source, now: now, sourceIsProven: arrival.isStream)
                : agent.handleBindingResponse(message, from: source, now: now)
            ice = .lite(agent)
            host.countICE(from: before, to: agent.counters)
            if let probe = response.probe {
                // Before the reply: a peer starts DTLS on our success, and its
                // answer to the probe should arrive (and route it) first.
                host.expectResponse(to: probe.transactionID, for: self)
                send(probe.serialized(), on: arrival)
            }
            if let reply = response.reply { send(reply, on: arrival) }
            if isRequest && !response.isValid { host.countDrop(.rejectedCheck) }
            // Only a proven path is routed: DTLS and SRTP from it reach this
            // peer, and DTLS flights go there before a nomination.
            if isRequest, response.isValid,
                arrival.isStream || source == agent.selectedAddress || agent.validation.isValidated(source, now: now)
            {
                provenPath(arrival)
            }
            switch response.action {
            case .validated(let address):
                provenPath(pathTo(address))
            case .selected(let address):
                provenPath(pathTo(address))
                remotePath = pathTo(address)
                if state == .checking { state = .handshaking }
                // The peer's SDP made it DTLS server (`setup:passive`): it
                // waits for our ClientHello once ICE has a path.
                if let dtls, dtls.role == .client, dtls.state == .idle {
                    perform(dtls.start(now: now), replyTo: pathTo(address))
                }
            case .selectedAddressChanged(_, let address):
                provenPath(pathTo(address))
                remotePath = pathTo(address)
            case .consentExpired:
                close(reason: .consentExpired, notifyPeer: false)
                return
            case nil:
                break
            }
        case .controlling(var agent):
            if message.type == .bindingRequest {
                // The server proving our address before selecting it.
                if let reply = agent.answer(message, from: source) {
                    send(reply, on: arrival)
                } else {
                    host.countDrop(.rejectedCheck)
                }
                return
            }
            let action = agent.handleResponse(message, now: now)
            ice = .controlling(agent)
            if case .connected = action, state == .checking, let dtls {
                state = .handshaking
                perform(dtls.start(now: now), replyTo: arrival)
            }
        }
        armTimer()
    }

    /// Routes a proven UDP address to this peer (an ICE-TCP connection
    /// routes itself) and sends DTLS there until a nomination says otherwise.
    private func provenPath(_ path: MediaPath) {
        lastCheckedPath = path
        if case .udp(let address) = path { host.route(address, to: self) }
    }

    /// A DTLS record datagram from `source` (a UDP address routed to this
    /// peer, or its ICE-TCP connection).
    func handleDTLS(_ datagram: ByteBuffer, from source: MediaPath, now: NIODeadline) {
        guard let dtls, !isClosed else { return }
        let malformedBefore = dtls.malformedDatagramsDropped
        perform(dtls.receive(datagram: datagram, now: now), replyTo: source)
        if dtls.malformedDatagramsDropped != malformedBefore { host.countDrop(.malformedDTLS) }
        armTimer()
    }

    /// An SRTP or SRTCP datagram: decrypted in place and handed to the
    /// delegate, or dropped and counted.
    func handleSRTP(_ datagram: ByteBuffer, isRTCP: Bool) {
        guard let srtp else {
            host.countDrop(.beforeSRTP)
            return
        }
        if !isRTCP, verifyEveryNthRTP > 1 {
            rtpSinceVerified += 1
            if rtpSinceVerified < verifyEveryNthRTP {
                delegate?.peerTransport(self, didReceiveUnverifiedRTP: datagram)
                return
            }
            rtpSinceVerified = 0
        }
        // NIO reads many datagrams into one buffer, so this one shares its
        // storage, and decrypting it in place would first copy it into a
        // new one (two allocations per packet). The copy goes into this
        // transport's own buffer instead, whose storage is reused whenever
        // whoever took the last packet (the room copies what it keeps) let
        // it go.
        decrypted.clear()
        decrypted.writeImmutableBuffer(datagram)
        let evicted = srtp.inbound.counters.streamsEvicted
        do throws(SRTPError) {
            if isRTCP {
                try srtp.unprotectRTCP(&decrypted)
            } else {
                try srtp.unprotect(rtp: &decrypted)
            }
        } catch {
            switch error {
            case .authenticationFailed: host.countDrop(.srtpAuthentication)
            case .replayed: host.countDrop(.srtpReplay)
            default: host.countDrop(.srtpOther)
            }
            return
        }
        if srtp.inbound.counters.streamsEvicted != evicted { host.countDrop(.srtpStreamEvicted) }
        if isRTCP {
            delegate?.peerTransport(self, didReceiveRTCP: decrypted)
        } else {
            delegate?.peerTransport(self, didReceiveRTP: decrypted)
        }
    }

    // MARK: - Timers

    /// Runs whatever is due: ICE checks or consent expiry, DTLS
    /// retransmission, the handshake deadline.
    func handleTimer(now: NIODeadline) {
        guard !isClosed else { return }
        switch ice {
        case .lite(var agent):
            let action = agent.handleTimer(now: now)
            ice = .lite(agent)
            if action == .consentExpired {
                close(reason: .consentExpired, notifyPeer: false)
                return
            }
        case .controlling(var agent):
            let actions = agent.handleTimer(now: now)
            ice = .controlling(agent)
            for action in actions {
                switch action {
                case .send(let check):
                    if let remotePath { send(check, on: remotePath) }
                case .failed:
                    close(reason: .consentExpired, notifyPeer: false)
                    return
                case .connected:
                    break
                }
            }
        }
        if state != .connected, now >= createdAt + configuration.dtlsHandshakeTimeout {
            close(reason: .dtlsHandshakeTimeout, notifyPeer: false)
            return
        }
        if let dtls, let deadline = dtls.nextTimeout, now >= deadline,
            let destination = remotePath ?? lastCheckedPath
        {
            perform(dtls.handleTimeout(now: now), replyTo: destination)
        }
        armTimer()
    }

    /// Schedules one timer for the earliest deadline of the ICE agent, the
    /// DTLS retransmission and the handshake limit.
    func armTimer() {
        guard !isClosed else { return }
        var deadline: NIODeadline?
        func consider(_ candidate: NIODeadline?) {
            guard let candidate else { return }
            deadline = deadline.map { min($0, candidate) } ?? candidate
        }
        switch ice {
        case .lite(let agent): consider(agent.nextDeadline)
        case .controlling(let agent): consider(agent.nextDeadline)
        }
        consider(dtls?.nextTimeout)
        if state != .connected { consider(createdAt + configuration.dtlsHandshakeTimeout) }
        guard deadline != timerDeadline else { return }
        timer?.cancel()
        timerDeadline = deadline
        guard let deadline else {
            timer = nil
            return
        }
        timer = clock.scheduleTask(deadline: deadline, on: host.eventLoop) { [weak self] in
            guard let self else { return }
            self.timerDeadline = nil
            self.timer = nil
            self.handleTimer(now: self.clock.now)
        }
    }

    // MARK: - DTLS actions

    private func perform(_ actions: [DTLSAction], replyTo destination: MediaPath) {
        for action in actions {
            guard !isClosed else { return }
            switch action {
            case .send(let datagram):
                send(datagram, on: destination)
            case .connected(let info):
                connect(info)
            case .applicationData(let record):
                // RFC 8261 §3: one SCTP packet per record; without data
                // channels negotiated it is dropped (and counted).
                receiveSCTP(record)
            case .closed:
                close(reason: .closedByRemote, notifyPeer: false)
            case .failed(let error):
                close(reason: .dtlsFailed("\(error)"), notifyPeer: false)
            }
        }
    }

    /// DTLS completed with a matching fingerprint: set up SRTP from the
    /// exported keys (RFC 5764 §4.2).
    private func connect(_ info: DTLSConnectedInfo) {
        guard let profile = SRTPProfile(useSRTPIdentifier: info.srtpProfile.rawValue) else {
            close(reason: .srtpSetupFailed("unsupported profile \(info.srtpProfile)"), notifyPeer: true)
            return
        }
        let srtpRole: SRTPKeyingMaterial.Role = info.role == .client ? .client : .server
        var inbound = SRTPSession.Options()
        inbound.replayWindowSize = configuration.srtpReplayWindow
        inbound.maxStreams = configuration.maxSRTPStreams
        do {
            srtp = try SRTPContext(
                exportedKeyingMaterial: info.keyingMaterial, profile: profile, role: srtpRole,
                inboundOptions: inbound)
        } catch {
            close(reason: .srtpSetupFailed("\(error)"), notifyPeer: true)
            return
        }
        srtpProfile = profile
        let now = clock.now
        // DTLS finished before a nomination: send to the last proven address.
        if remotePath == nil { remotePath = lastCheckedPath }
        state = .connected
        connectedAt = now
        logger.debug(
            "peer transport connected",
            metadata: [
                "srtp-profile": "\(profile)",
                "setup-ms": "\((now - createdAt).nanoseconds / 1_000_000)",
            ])
        delegate?.peerTransportDidConnect(self)
        startDataChannels()
    }
}
