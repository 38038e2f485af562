import SDP

/// The data channel m-line (RFC 8841 §5): `m=application 9 UDP/DTLS/SCTP
/// webrtc-datachannel` with `a=sctp-port` and `a=max-message-size`, sharing
/// the BUNDLE transport (one DTLS association carries SCTP beside SRTP).
public struct NegotiatedDataChannel: Sendable, Hashable {
    /// The m-line's mid.
    public var mid: String
    /// The peer's SCTP port (`a=sctp-port`, 5000 when absent).
    public var remotePort: UInt16
    /// The largest message the peer accepts: its `a=max-message-size`;
    /// 65536 when absent and no limit when 0 (RFC 8841 §6.1).
    public var remoteMaxMessageSize: Int

    public init(mid: String, remotePort: UInt16 = DataChannelSDP.sctpPort, remoteMaxMessageSize: Int = 65_536) {
        self.mid = mid
        self.remotePort = remotePort
        self.remoteMaxMessageSize = remoteMaxMessageSize
    }
}

/// Reading and writing the data channel m-line.
public enum DataChannelSDP {
    public static let proto = "UDP/DTLS/SCTP"
    public static let format = "webrtc-datachannel"
    /// The SCTP port the server uses (RFC 8841 §5: 5000 by convention).
    public static let sctpPort: UInt16 = 5000

    /// True for the RFC 8841 form; the older `DTLS/SCTP 5000` + `a=sctpmap`
    /// form is not supported (and rejected like any unknown m-line).
    public static func isDataChannel(_ media: MediaDescription) -> Bool {
        media.media == "application" && media.proto.uppercased() == proto && media.formats.contains(format)
    }

    /// What the peer wrote about its side of the association.
    public static func remote(of media: MediaDescription, mid: String) -> NegotiatedDataChannel {
        let size: Int
        switch media.maxMessageSize {
        case nil: size = 65_536
        // No limit: our own sizes (send buffer, the receiver's) still bound it.
        case 0: size = Int(Int32.max)
        case let value?: size = Int(min(value, UInt64(Int32.max)))
        }
        return NegotiatedDataChannel(mid: mid, remotePort: media.sctpPort ?? sctpPort, remoteMaxMessageSize: size)
    }

    /// The server's data channel m-line: its transport, mid, port and the
    /// largest message it accepts.
    static func section(
        mid: String, transport: ServerTransportParameters, setup: SetupRole, maxMessageSize: Int
    ) -> MediaDescription {
        var section = MediaDescription(
            media: "application", port: 9, proto: proto, formats: [format], connections: [ServerSDP.placeholderConnection])
        transport.appendTransport(to: &section, setup: setup)
        section.append(SDPAttribute(name: "mid", value: mid))
        section.append(SDPAttribute(name: "sctp-port", value: String(sctpPort)))
        section.append(SDPAttribute(name: "max-message-size", value: String(maxMessageSize)))
        return section
    }

    /// A rejected data channel m-line (port 0, its mid).
    static func rejectedSection(mid: String) -> MediaDescription {
        var section = MediaDescription(
            media: "application", port: 0, proto: proto, formats: [format], connections: [ServerSDP.placeholderConnection])
        section.append(SDPAttribute(name: "mid", value: mid))
        return section
    }
}
