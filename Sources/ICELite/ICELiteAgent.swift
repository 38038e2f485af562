import NIOCore
import STUN

/// The ICE side of one peer connection on a lite agent (RFC 8445 §2.5): it
/// answers the peer's checks and is always controlled; the only requests
/// it sends are probes proving a new address (`ICEAddressValidation`).
/// A value-type state machine: events in (`handleBindingRequest`,
/// `handleBindingResponse`, `handleTimer`, `close`), replies, probes and
/// actions out; time comes from the caller.
///
/// States: `new` → `checking` (a valid check arrived) → `connected` (the
/// peer nominated an address with USE-CANDIDATE and the address answered
/// our probe) → `expired` (consent
/// timed out) or `closed` (`close()`). `expired` and `closed` are final;
/// checks after them are dropped silently.
///
/// Policies worth knowing:
/// - Checks that arrive before the remote credentials (the peer had our SDP
///   first) are answered in full (RFC 8445 §7.3): the USERNAME's local part
///   and MESSAGE-INTEGRITY keyed with our password are all a lite agent
///   needs to authenticate them, so they are not queued. Only once
///   `remoteCredentials` is set is the USERNAME's remote part compared.
/// - A valid check records its source in `candidateAddresses` (the
///   candidate pairs a lite agent sees); before any selection it refreshes
///   consent, but selects nothing without USE-CANDIDATE.
/// - An address is selected (first or moved to) only once it is proven to
///   receive: a valid check from an unproven address is answered and also
///   probed with a Binding request of ours (`ICEResponse.probe`), and a
///   nomination from it takes effect when the probe is answered
///   (`handleBindingResponse`). A peer knows its own password and could
///   otherwise sign a nomination from any spoofed address and have its
///   media sent there; see `ICEAddressValidation` for why only our own
///   request proves an address.
/// - Consent (RFC 7675) runs from `init`: with no valid check within
///   `consentTimeout` the agent expires, so a peer that never connects is
///   cleaned up too. Once an address is selected, only checks from it (or a
///   nominating check that moves it) refresh consent.
public struct ICELiteAgent: Sendable {
    /// Where the agent is in its life.
    public enum State: Sendable, Hashable {
        /// No valid check yet.
        case new
        /// Valid checks received, nothing nominated yet.
        case checking
        /// An address is selected; media may flow.
        case connected
        /// Consent timed out. Final.
        case expired
        /// Closed by the owner. Final.
        case closed

        /// Whether the agent is done (expired or closed).
        public var isFinal: Bool { self == .expired || self == .closed }
    }

    /// RFC 7675 §5.1: consent expires 30 seconds after the last valid check.
    public static let defaultConsentTimeout = TimeAmount.seconds(30)
    /// How many candidate source addresses are remembered.
    public static let maxCandidateAddresses = 8

    /// Our ufrag and password, as put in our SDP.
    public private(set) var localCredentials: ICECredentials
    /// The peer's, from its SDP; nil until it arrives.
    public internal(set) var remoteCredentials: ICECredentials?
    /// How long consent lasts after a valid check.
    public let consentTimeout: TimeAmount
    /// The current state.
    public internal(set) var state: State = .new
    /// The nominated address the peer's media comes from and goes to.
    public internal(set) var selectedAddress: SocketAddress?
    /// Sources of valid checks, oldest first, at most `maxCandidateAddresses`.
    public internal(set) var candidateAddresses: [SocketAddress] = []
    /// When consent was last granted (or the agent was created).
    public internal(set) var lastConsent: NIODeadline
    /// Counts of checks received, by outcome.
    public internal(set) var counters = ICECheckCounters()
    /// Probes in flight and the addresses they proved.
    public internal(set) var validation: ICEAddressValidation
    /// ICE-CONTROLLED's tie breaker in our probes; a controlling peer never
    /// has a role conflict with it, but RFC 8445 §7.1.3 wants one.
    let probeTieBreaker = UInt64.random(in: .min ... .max)

    /// Our password as the MESSAGE-INTEGRITY key, built once.
    private(set) var localKey: STUNKey

    /// An agent created at `now`; the consent clock starts then.
    public init(
        localCredentials: ICECredentials, remoteCredentials: ICECredentials? = nil,
        consentTimeout: TimeAmount = defaultConsentTimeout, now: NIODeadline
    ) {
        self.localCredentials = localCredentials
        self.remoteCredentials = remoteCredentials
        self.consentTimeout = consentTimeout
        self.lastConsent = now
        self.localKey = .shortTerm(password: localCredentials.password)
        self.validation = ICEAddressValidation(lifetime: consentTimeout)
    }

    /// Sets the peer's credentials once its SDP arrives. From then on a
    /// check's USERNAME must end in the remote ufrag.
    public mutating func setRemoteCredentials(_ credentials: ICECredentials) {
        remoteCredentials = credentials
    }

    /// An ICE restart (RFC 8445 §9, RFC 9725 §4.4.1): both sides' credentials
    /// change and only checks made with the new ones count from now on. The
    /// selected address stays, so media flows on until the peer nominates
    /// again (from the same address or a new one, proven first as always);
    /// the candidate addresses start afresh. A final agent stays final.
    public mutating func restart(localCredentials: ICECredentials, remoteCredentials: ICECredentials) {
        guard !state.isFinal else { return }
        self.localCredentials = localCredentials
        self.localKey = .shortTerm(password: localCredentials.password)
        self.remoteCredentials = remoteCredentials
        candidateAddresses = selectedAddress.map { [$0] } ?? []
    }

    /// When consent expires unless a valid check arrives first; nil once
    /// the agent is final. The owner arms its timer for this.
    public var nextDeadline: NIODeadline? {
        state.isFinal ? nil : lastConsent + consentTimeout
    }

    /// Advances the clock: returns `.consentExpired` (once) when consent
    /// has run out, moving the agent to `expired`.
    public mutating func handleTimer(now: NIODeadline) -> ICELiteAction? {
        guard let deadline = nextDeadline, now >= deadline else { return nil }
        state = .expired
        return .consentExpired
    }

    /// Closes the agent: later checks are dropped and no timer is due.
    public mutating func close() {
        if !state.isFinal { state = .closed }
    }

    /// The local ufrag (USERNAME's first part) of a check, which tells the
    /// media port's demultiplexer whose agent a datagram from an unknown
    /// address belongs to; nil when there is no usable USERNAME.
    public static func routingUfrag(of message: STUNMessage) -> Substring? {
        guard message.type == .bindingRequest, let username = message.username else { return nil }
        return ICEUsername.receiverUfrag(in: username)
    }
}
