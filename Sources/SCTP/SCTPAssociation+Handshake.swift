import NIOCore

/// The four-way handshake (RFC 9260 §5.1) and INIT collisions (§5.2).
extension SCTPAssociation {
    func ourInit(tag: UInt32, tsn: UInt32) -> SCTPInitChunk {
        SCTPInitChunk(
            initiateTag: tag, advertisedReceiverWindow: UInt32(clamping: configuration.receiveWindow),
            outboundStreams: configuration.outboundStreams, inboundStreams: configuration.inboundStreams, initialTSN: tsn,
            parameters: [
                SCTPParameter(type: SCTPParameter.supportedExtensions, bytes: [SCTPChunkType.reconfig, SCTPChunkType.forwardTSN]),
                SCTPParameter(type: SCTPParameter.forwardTSNSupported, bytes: []),
            ])
    }

    /// RFC 9260 §3.3.2: a zero tag or zero stream count is invalid.
    func validate(_ initChunk: SCTPInitChunk) -> String? {
        if initChunk.initiateTag == 0 { return "zero initiate tag" }
        if initChunk.outboundStreams == 0 || initChunk.inboundStreams == 0 { return "zero streams" }
        return nil
    }

    /// INIT: answered with an INIT-ACK whose signed cookie holds the whole
    /// association, so nothing is kept here (§5.1.3). In COOKIE-WAIT and
    /// COOKIE-ECHOED the answer reuses our own INIT's tag and TSN (§5.2.1).
    mutating func handleInit(_ initChunk: SCTPInitChunk, packet: SCTPPacket, now: NIODeadline, actions: inout [SCTPAction]) {
        if let problem = validate(initChunk) {
            counters.malformedPackets &+= 1
            // §3.3.2: ABORT carrying the peer's own tag, T bit set.
            sendPacket([.abort(reflected: false, causes: [.violation(problem)])], tag: initChunk.initiateTag, into: &actions)
            return
        }
        let tag: UInt32
        let tsn: UInt32
        switch state {
        case .closed:
            tag = random.nonZero32()
            tsn = UInt32(truncatingIfNeeded: random.next())
        case .cookieWait, .cookieEchoed:
            tag = localTag
            tsn = nextTSN
        default:
            // A restart of an established association (§5.2.2) is not
            // supported: WebRTC starts a new DTLS session instead.
            counters.unexpectedChunks &+= 1
            return
        }
        let cookie = SCTPStateCookie(
            localTag: tag, peerTag: initChunk.initiateTag, localInitialTSN: tsn, peerInitialTSN: initChunk.initialTSN,
            peerReceiverWindow: initChunk.advertisedReceiverWindow,
            outboundStreams: min(configuration.outboundStreams, initChunk.inboundStreams),
            inboundStreams: min(configuration.inboundStreams, initChunk.outboundStreams),
            peerSupportsForwardTSN: initChunk.supportsForwardTSN, peerSupportsReconfig: initChunk.supportsReconfig,
            createdAt: now.uptimeNanoseconds)
        var ack = ourInit(tag: tag, tsn: tsn)
        ack.parameters.insert(SCTPParameter(type: SCTPParameter.stateCookie, value: cookie.signed(key: cookieKey)), at: 0)
        sendPacket([.initiationAck(ack)], tag: initChunk.initiateTag, into: &actions)
    }

    /// INIT-ACK in COOKIE-WAIT: echo the cookie (§5.1 C).
    mutating func handleInitAck(_ ack: SCTPInitChunk, now: NIODeadline, actions: inout [SCTPAction]) {
        guard state == .cookieWait else {
            counters.unexpectedChunks &+= 1
            return
        }
        if let problem = validate(ack) {
            abortAssociation(.violation(problem), reason: "bad INIT-ACK: \(problem)", actions: &actions)
            return
        }
        guard let cookie = ack.stateCookie else {
            abortAssociation(SCTPErrorCause(code: SCTPErrorCause.missingMandatoryParameter), reason: "INIT-ACK without cookie", actions: &actions)
            return
        }
        adoptPeer(
            tag: ack.initiateTag, initialTSN: ack.initialTSN, window: ack.advertisedReceiverWindow,
            outbound: min(configuration.outboundStreams, ack.inboundStreams),
            inbound: min(configuration.inboundStreams, ack.outboundStreams),
            forwardTSN: ack.supportsForwardTSN, reconfig: ack.supportsReconfig)
        state = .cookieEchoed
        let echo = SCTPChunk.cookieEcho(cookie: cookie)
        startHandshakeTimer(echo, now: now)
        handshakeRetransmits = 0
        sendPacket([echo], tag: peerTag, into: &actions)
    }

    /// COOKIE-ECHO (§5.1 D, §5.2.4): a valid cookie for a new association,
    /// or one matching our own tag during an INIT collision, establishes it.
    mutating func handleCookieEcho(_ bytes: ByteBuffer, packet: SCTPPacket, now: NIODeadline, actions: inout [SCTPAction]) -> Bool {
        guard let cookie = SCTPStateCookie(verifying: bytes, key: cookieKey), packet.verificationTag == cookie.localTag else {
            counters.badCookies &+= 1
            return false
        }
        let age = Int64(truncatingIfNeeded: now.uptimeNanoseconds &- cookie.createdAt)
        guard age >= 0, age <= configuration.cookieLifetime.nanoseconds else {
            counters.badCookies &+= 1
            return false
        }
        switch state {
        case .closed:
            guard !terminated else { return false }
            localTag = cookie.localTag
            nextTSN = cookie.localInitialTSN
            inFlight = SCTPRetransmissionQueue(initialTSN: nextTSN)
        case .cookieWait, .cookieEchoed:
            guard cookie.localTag == localTag else {
                counters.badCookies &+= 1
                return false
            }
        default:
            // Established already: a repeated COOKIE-ECHO (its COOKIE-ACK was lost) is answered again.
            guard cookie.localTag == localTag, cookie.peerTag == peerTag else {
                counters.badCookies &+= 1
                return false
            }
            outbox.append(.cookieAck)
            return true
        }
        adoptPeer(
            tag: cookie.peerTag, initialTSN: cookie.peerInitialTSN, window: cookie.peerReceiverWindow,
            outbound: cookie.outboundStreams, inbound: cookie.inboundStreams, forwardTSN: cookie.peerSupportsForwardTSN,
            reconfig: cookie.peerSupportsReconfig)
        outbox.append(.cookieAck)
        becomeEstablished(actions: &actions)
        return true
    }

    mutating func handleCookieAck(now: NIODeadline, actions: inout [SCTPAction]) {
        guard state == .cookieEchoed else { return }
        becomeEstablished(actions: &actions)
    }

    private mutating func becomeEstablished(actions: inout [SCTPAction]) {
        state = .established
        handshakeChunk = nil
        handshakeDeadline = nil
        actions.append(.established)
    }

    private mutating func adoptPeer(
        tag: UInt32, initialTSN: UInt32, window: UInt32, outbound: UInt16, inbound: UInt16, forwardTSN: Bool, reconfig: Bool
    ) {
        peerTag = tag
        peerWindow = Int(window)
        outboundStreamCount = outbound
        inboundStreamCount = inbound
        peerSupportsForwardTSN = forwardTSN
        peerSupportsReconfig = reconfig
        // Bounds the TSNs tracked beyond the cumulative one (and the work of
        // each SACK); a legitimate sender keeps far fewer than that in flight.
        let ahead = UInt32(min(max(configuration.receiveWindow / 256, 256), 4096))
        receiver = SCTPReceiveTracker(peerInitialTSN: initialTSN, maxAhead: ahead)
        congestion = SCTPCongestionControl(mtu: configuration.mtu, peerWindow: Int(window))
        streamReset = SCTPStreamResetState(localInitialTSN: nextTSN, peerInitialTSN: initialTSN)
    }

    mutating func startHandshakeTimer(_ chunk: SCTPChunk, now: NIODeadline) {
        handshakeChunk = chunk
        handshakeDeadline = now + rto.rto
    }
}
