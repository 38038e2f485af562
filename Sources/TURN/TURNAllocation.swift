import NIOCore
import STUN

/// One allocation (RFC 8656 §2.2): the client's 5-tuple, its relayed
/// address, the credentials it was made with, its expiry, permissions and
/// channel bindings. Plain data; the server applies the rules.
struct TURNAllocation: Sendable {
    /// A channel binding (RFC 8656 §12). Kept `channelQuarantine` past
    /// its expiry so the number and peer cannot be rebound to others then.
    struct Channel: Sendable, Hashable {
        var peer: STUNAddress
        var expiry: NIODeadline
    }

    let fiveTuple: TURNFiveTuple
    /// Changes only while the owner binds it (a port taken elsewhere is
    /// replaced by the next free one before the Allocate is answered).
    var relay: STUNAddress
    /// Relay ports tried for it (each one the owner could not bind).
    var relayAttempts = 1
    /// Whether the Allocate carried FINGERPRINT (so its answer does).
    var answersWithFingerprint = false
    /// Whether it asked for an even port (EVEN-PORT), which a new relay keeps.
    var wantsEvenPort = false
    /// The username and key of the Allocate; later requests must use the
    /// same username (RFC 8656 §5, 441).
    let username: String
    let participant: String
    let key: STUNKey
    /// The transaction of the Allocate, so a retransmission gets the same
    /// answer (RFC 8656 §7.2).
    let allocateTransaction: STUNTransactionID
    var expiry: NIODeadline
    /// Permission expiry by peer IP (RFC 8656 §9: the port is ignored).
    var permissions: [STUNAddress.IP: NIODeadline] = [:]
    var channels: [UInt16: Channel] = [:]
    var channelByPeer: [STUNAddress: UInt16] = [:]
    var bucket: TURNTokenBucket?

    init(
        fiveTuple: TURNFiveTuple, relay: STUNAddress, username: String, participant: String, key: STUNKey,
        allocateTransaction: STUNTransactionID, expiry: NIODeadline, bucket: TURNTokenBucket?
    ) {
        self.fiveTuple = fiveTuple
        self.relay = relay
        self.username = username
        self.participant = participant
        self.key = key
        self.allocateTransaction = allocateTransaction
        self.expiry = expiry
        self.bucket = bucket
    }

    func hasPermission(for ip: STUNAddress.IP, now: NIODeadline) -> Bool {
        guard let expiry = permissions[ip] else { return false }
        return now < expiry
    }

    /// The live channel bound to `peer`, if any.
    func channel(for peer: STUNAddress, now: NIODeadline) -> UInt16? {
        guard let number = channelByPeer[peer], let channel = channels[number], now < channel.expiry else {
            return nil
        }
        return number
    }

    /// The peer of live channel `number`, if bound.
    func peer(onChannel number: UInt16, now: NIODeadline) -> STUNAddress? {
        guard let channel = channels[number], now < channel.expiry else { return nil }
        return channel.peer
    }

    /// Drops permissions past expiry and channels past expiry plus the
    /// quarantine; returns the earliest time something else will lapse.
    mutating func prune(now: NIODeadline, channelQuarantine: TimeAmount) -> NIODeadline {
        permissions = permissions.filter { now < $0.value }
        for (number, channel) in channels where now >= channel.expiry + channelQuarantine {
            channels[number] = nil
            channelByPeer[channel.peer] = nil
        }
        var next = expiry
        for deadline in permissions.values { next = min(next, deadline) }
        for channel in channels.values { next = min(next, channel.expiry + channelQuarantine) }
        return next
    }
}
