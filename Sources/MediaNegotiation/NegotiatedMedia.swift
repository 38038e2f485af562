import RTP
import SDP

/// One m-line of a publisher's offer as the server accepted it: what the
/// forwarder needs to read the publisher's packets.
public struct PublishedMedia: Sendable, Hashable {
    public var mid: String
    public var kind: MediaKind
    /// Accepted codecs in the publisher's payload types, preferred first.
    public var codecs: [MediaCodec]
    public var extensions: HeaderExtensionIDs
    /// SSRCs announced with `a=ssrc` (primary, and RTX from `ssrc-group:FID`);
    /// empty with rid-based simulcast, where SSRCs are learnt from packets.
    public var ssrc: UInt32?
    public var rtxSSRC: UInt32?
    /// Simulcast layers by rid (RFC 8853), lowest quality first as listed
    /// by the client's `a=simulcast:send`; empty without simulcast.
    public var rids: [String]
    /// Simulcast by SSRC (`ssrc-group:SIM`), lowest first; empty otherwise.
    public var simulcastSSRCs: [UInt32]
    /// The RTX SSRC of each of `simulcastSSRCs` that has one (`FID` groups).
    public var simulcastRTXSSRCs: [UInt32: UInt32] = [:]
    /// The client's `a=msid` stream and track ids, if any.
    public var streamID: String?
    public var trackID: String?
    /// Whether the m-line was accepted (port != 0 in the answer) and the
    /// client sends on it (not `inactive`/`recvonly`).
    public var isActive: Bool

    public init(
        mid: String, kind: MediaKind, codecs: [MediaCodec], extensions: HeaderExtensionIDs, ssrc: UInt32? = nil,
        rtxSSRC: UInt32? = nil, rids: [String] = [], simulcastSSRCs: [UInt32] = [], streamID: String? = nil,
        trackID: String? = nil, isActive: Bool = true
    ) {
        self.mid = mid
        self.kind = kind
        self.codecs = codecs
        self.extensions = extensions
        self.ssrc = ssrc
        self.rtxSSRC = rtxSSRC
        self.rids = rids
        self.simulcastSSRCs = simulcastSSRCs
        self.streamID = streamID
        self.trackID = trackID
        self.isActive = isActive
    }
}

/// One m-line of a subscriber's peer connection as negotiated: what the
/// forwarder needs to write packets the subscriber understands.
public struct SubscribedMedia: Sendable, Hashable {
    public var mid: String
    public var kind: MediaKind
    /// Codecs the subscriber accepted, in its payload types.
    public var codecs: [MediaCodec]
    public var extensions: HeaderExtensionIDs
    /// The SSRCs the server sends with on this m-line (chosen by the server
    /// and announced in its offer).
    public var ssrc: UInt32
    public var rtxSSRC: UInt32?

    public init(
        mid: String, kind: MediaKind, codecs: [MediaCodec], extensions: HeaderExtensionIDs, ssrc: UInt32,
        rtxSSRC: UInt32? = nil
    ) {
        self.mid = mid
        self.kind = kind
        self.codecs = codecs
        self.extensions = extensions
        self.ssrc = ssrc
        self.rtxSSRC = rtxSSRC
    }
}

/// What the server puts in every SDP it writes about itself (ICE-lite
/// credentials, DTLS fingerprint, its single host candidate).
public struct ServerTransportParameters: Sendable, Hashable {
    public var iceUfrag: String
    public var icePassword: String
    public var fingerprint: Fingerprint
    /// Address and UDP port of the worker that carries this peer connection.
    public var candidateAddress: String
    public var candidatePort: UInt16
    /// The worker's passive ICE-TCP port (RFC 6544), same address; nil
    /// when the server does not listen for ICE-TCP.
    public var tcpCandidatePort: UInt16?

    public init(
        iceUfrag: String, icePassword: String, fingerprint: Fingerprint, candidateAddress: String,
        candidatePort: UInt16, tcpCandidatePort: UInt16? = nil
    ) {
        self.iceUfrag = iceUfrag
        self.icePassword = icePassword
        self.fingerprint = fingerprint
        self.candidateAddress = candidateAddress
        self.candidatePort = candidatePort
        self.tcpCandidatePort = tcpCandidatePort
    }
}

/// Codec names in order of preference, from the config.
public struct CodecPreferences: Sendable, Hashable {
    public var audio: [String]
    public var video: [String]

    /// By default every codec family, in rtpmap spelling.
    public init(
        audio: [String] = CodecFamily.allAudio.map(\.rtpmapName),
        video: [String] = CodecFamily.allVideo.map(\.rtpmapName)
    ) {
        self.audio = audio
        self.video = video
    }
}
