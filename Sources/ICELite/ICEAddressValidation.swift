import NIOCore
import STUN

/// Which source addresses of a peer's checks have proven they receive what
/// the server sends there (return routability), for `ICELiteAgent`.
///
/// A valid check proves only that its sender knows the peer's ICE password,
/// and the peer itself does: it can sign a check with any spoofed source.
/// Nothing in our answer to such a check is unknown to its sender, so no
/// rule on received checks alone (a second check, a repeated one) proves
/// anything. What proves an address is a Binding request *we* send there
/// with a fresh random transaction ID, answered from that address with the
/// peer's credentials: only a host receiving at the address can echo the
/// ID. Pion does the same in its controlled (and lite) selector: it answers
/// a check, pings the pair itself, and selects a nominated pair only once
/// its own ping succeeded (`nominateOnBindingSuccess`); libwebrtc switches
/// only to a writable connection, i.e. one its own ping got through on.
///
/// Bounded: at most `maxProbes` probes in flight and `maxValidated` proven
/// addresses, oldest dropped first. A proof lasts `lifetime` (consent,
/// RFC 7675 §5.1).
public struct ICEAddressValidation: Sendable {
    /// A probe in flight to an address not yet proven.
    public struct Probe: Sendable, Hashable {
        public var address: SocketAddress
        public var check: ICEConnectivityCheck
        public var sentAt: NIODeadline
        /// Whether the peer nominated the address while it was unproven:
        /// it is selected as soon as the probe is answered.
        public var nominated: Bool
    }

    /// An address that answered a probe, and when.
    public struct Proof: Sendable, Hashable {
        public var address: SocketAddress
        public var at: NIODeadline
    }

    public static let maxProbes = 8
    public static let maxValidated = 8
    /// A probe to the same address is re-sent (on the peer's next check) at
    /// most this often, so a lost probe or answer is retried without turning
    /// a flood of spoofed checks into a flood of probes.
    public static let probeInterval = TimeAmount.milliseconds(200)

    /// How long a proof lasts.
    public let lifetime: TimeAmount
    public private(set) var probes: [Probe] = []
    public private(set) var proofs: [Proof] = []

    public init(lifetime: TimeAmount) {
        self.lifetime = lifetime
    }

    /// Whether `address` answered a probe within `lifetime` of `now`.
    public func isValidated(_ address: SocketAddress, now: NIODeadline) -> Bool {
        proofs.contains { $0.address == address && now < $0.at + lifetime }
    }

    /// The probe to send to `address` after a valid check from it, or nil
    /// when one went there less than `probeInterval` ago. `makeCheck`
    /// builds a request with a fresh transaction ID.
    mutating func probe(
        _ address: SocketAddress, nominating: Bool, now: NIODeadline, makeCheck: () -> ICEConnectivityCheck
    ) -> ICEConnectivityCheck? {
        if let index = probes.firstIndex(where: { $0.address == address }) {
            if nominating { probes[index].nominated = true }
            guard now >= probes[index].sentAt + Self.probeInterval else { return nil }
            // A new transaction: the previous probe or its answer was lost.
            probes[index].check = makeCheck()
            probes[index].sentAt = now
            return probes[index].check
        }
        if probes.count >= Self.maxProbes { probes.removeFirst() }
        let check = makeCheck()
        probes.append(Probe(address: address, check: check, sentAt: now, nominated: nominating))
        return check
    }

    /// Matches a Binding response from `source` to a probe: the proven
    /// probe on success. Throws when no probe has the transaction ID or it
    /// went elsewhere (`.unknownTransaction`), or the response is not a
    /// valid authenticated success (the probe is then dropped).
    mutating func complete(_ response: STUNMessage, from source: SocketAddress, now: NIODeadline)
        throws(ICEError) -> Probe
    {
        guard let index = probes.firstIndex(where: { $0.check.transactionID == response.transactionID }),
            probes[index].address == source
        else {
            throw .unknownTransaction(response.transactionID)
        }
        let probe = probes.remove(at: index)
        _ = try probe.check.validateResponse(response)
        proofs.removeAll { $0.address == source }
        if proofs.count >= Self.maxValidated { proofs.removeFirst() }
        proofs.append(Proof(address: source, at: now))
        return probe
    }

    /// The most recently proven address still within its lifetime.
    public func latest(now: NIODeadline) -> SocketAddress? {
        proofs.last { now < $0.at + lifetime }?.address
    }
}
