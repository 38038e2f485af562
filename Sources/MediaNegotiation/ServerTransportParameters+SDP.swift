import SDP

extension ServerTransportParameters {
    /// The server's single host candidate (RFC 8839 §5.1): component 1 only,
    /// since every m-line is rtcp-mux; priority of a host candidate with the
    /// highest local preference (RFC 8445 §5.1.2.1).
    public var candidate: ICECandidate {
        ICECandidate(
            foundation: "1", component: 1, transport: "udp", priority: 2_130_706_431, address: candidateAddress,
            port: candidatePort, type: .host)
    }

    /// The passive ICE-TCP host candidate (RFC 6544 §4.5), when there is
    /// one. Its priority (RFC 6544 §4.2) keeps it below the UDP candidate so
    /// a peer that can use UDP does: type preference 90 (UDP host: 126),
    /// local preference 2^13 * 4 (passive host) + 8191, component 1.
    public var tcpCandidate: ICECandidate? {
        tcpCandidatePort.map {
            ICECandidate(
                foundation: "2", component: 1, transport: "tcp", priority: Self.tcpPassiveHostPriority,
                address: candidateAddress, port: $0, type: .host, tcpType: "passive")
        }
    }

    /// (2^24) * 90 + (2^8) * (2^13 * 4 + 8191) + (256 - 1).
    public static let tcpPassiveHostPriority: UInt32 = (90 << 24) | ((4 << 13 | 8_191) << 8) | 255

    /// Appends what browsers expect of every m-line an ICE-lite SFU writes:
    /// the host candidate (and the ICE-TCP one) then `end-of-candidates` (no trickle from a lite agent), its ICE
    /// credentials, the certificate fingerprint and the DTLS role.
    func appendTransport(to media: inout MediaDescription, setup: SetupRole) {
        media.append(candidate)
        if let tcpCandidate { media.append(tcpCandidate) }
        media.append(SDPAttribute(name: "end-of-candidates"))
        media.append(SDPAttribute(name: "ice-ufrag", value: iceUfrag))
        media.append(SDPAttribute(name: "ice-pwd", value: icePassword))
        media.append(fingerprint)
        media.append(setup)
    }
}

/// Helpers shared by the publish answer and the subscribe offer.
enum ServerSDP {
    /// A fresh JSEP session id: a random positive 63-bit number (RFC 8829 §5.2.1).
    static func randomSessionID<Generator: RandomNumberGenerator>(using generator: inout Generator) -> UInt64 {
        UInt64.random(in: 1...UInt64(Int64.max), using: &generator)
    }

    /// `o=- <id> <version> IN IP4 0.0.0.0`.
    static func origin(sessionID: UInt64, version: UInt64) -> Origin {
        Origin(username: "-", sessionID: String(sessionID), sessionVersion: version, address: "0.0.0.0")
    }

    /// `c=IN IP4 0.0.0.0`: the JSEP placeholder; the real address is the candidate's.
    static let placeholderConnection = Connection(address: "0.0.0.0")

    /// The rtpmap and fmtp of an RTX format repairing `primary` (RFC 4588 §8.6).
    static func rtxCodec(payloadType: UInt8, repairing primary: Codec) -> Codec {
        Codec(
            payloadType: payloadType, name: "rtx", clockRate: primary.clockRate,
            parameterText: "apt=\(primary.payloadType)")
    }

    /// Adds `codec` (rtpmap, rtcp-fb per payload type, fmtp) and then its
    /// RTX partner, if any.
    static func add(_ codec: MediaCodec, to media: inout MediaDescription, rtxParameterText: String? = nil) {
        var primary = codec.codec
        // `*` feedback is written per payload type, so dropping a codec
        // never drops another codec's feedback.
        primary.feedback = primary.feedback.map {
            RTCPFeedback(payloadType: primary.payloadType, type: $0.type, subtype: $0.subtype)
        }
        media.addCodec(primary)
        if let rtx = codec.rtxPayloadType {
            var repair = rtxCodec(payloadType: rtx, repairing: primary)
            if let rtxParameterText { repair.parameterText = rtxParameterText }
            media.addCodec(repair)
        }
    }
}
