import SDP

/// The client side of a subscribe offer, for the bundled bots and the
/// tests: answers the server's offer as a browser does (RFC 8829 §5.3.1):
/// the same m-lines in order, `recvonly` where the server sends, the
/// client's ICE credentials and fingerprint, its DTLS role (`setup:active`
/// unless told otherwise), rtcp-mux, and every offered codec and extension
/// kept (RTX left out on request). A data channel m-line is rejected (port
/// 0, out of BUNDLE) unless `acceptsDataChannels`: then it is answered with
/// the SCTP port and `a=max-message-size` (RFC 8841).
public struct SubscribeAnswerBuilder: Sendable {
    public var ufrag: String
    public var password: String
    public var fingerprint: Fingerprint
    public var setup: SetupRole
    /// Leaves the RTX formats out of the answer.
    public var dropRTX: Bool
    /// Answers the data channel m-line instead of rejecting it.
    public var acceptsDataChannels = false
    /// The answer's `a=max-message-size` for that m-line.
    public var maxMessageSize = 262_144

    public init(ufrag: String, password: String, fingerprint: Fingerprint, setup: SetupRole = .active, dropRTX: Bool = false) {
        self.ufrag = ufrag
        self.password = password
        self.fingerprint = fingerprint
        self.setup = setup
        self.dropRTX = dropRTX
    }

    public func answer(_ offer: SessionDescription, sessionID: UInt64) -> SessionDescription {
        var answer = SessionDescription(
            origin: Origin(sessionID: String(sessionID), sessionVersion: offer.origin.sessionVersion))
        let refused = Set(offer.media.filter { $0.media == "application" && !accepts($0) }.compactMap(\.mid))
        if let bundle = offer.bundleGroup {
            answer.append(MediaGroup(semantics: bundle.semantics, mids: bundle.mids.filter { !refused.contains($0) }))
        }
        for offered in offer.media {
            var section = MediaDescription(
                media: offered.media, port: offered.port, proto: offered.proto, formats: [],
                connections: offered.connections)
            guard !offered.isRejected, offered.media != "application" || accepts(offered) else {
                section.port = 0
                section.formats = offered.formats
                section.append(SDPAttribute(name: "mid", value: offered.mid ?? ""))
                answer.media.append(section)
                continue
            }
            section.append(SDPAttribute(name: "ice-ufrag", value: ufrag))
            section.append(SDPAttribute(name: "ice-pwd", value: password))
            section.append(fingerprint)
            section.append(setup)
            section.append(SDPAttribute(name: "mid", value: offered.mid ?? ""))
            if offered.media == "application" {
                section.formats = offered.formats
                section.append(SDPAttribute(name: "sctp-port", value: String(DataChannelSDP.sctpPort)))
                section.append(SDPAttribute(name: "max-message-size", value: String(maxMessageSize)))
                answer.media.append(section)
                continue
            }
            for map in offered.extensionMaps { section.append(map) }
            section.setDirection(offer.direction(of: offered).reversed)
            section.append(SDPAttribute(name: "rtcp-mux"))
            if offered.isRTCPReducedSize { section.append(SDPAttribute(name: "rtcp-rsize")) }
            for codec in offered.codecs where !(dropRTX && codec.isRTX) { section.addCodec(codec) }
            answer.media.append(section)
        }
        return answer
    }

    private func accepts(_ offered: MediaDescription) -> Bool {
        acceptsDataChannels && DataChannelSDP.isDataChannel(offered)
    }
}
