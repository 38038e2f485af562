import NIOCore
import STUN

/// The TURN server engine (RFC 8656, UDP relays): a state machine fed the
/// packets of clients and peers and the time, returning `TURNAction`s. It
/// opens no sockets; the owner reads and writes them.
///
/// Driving it:
/// - every packet from a client (UDP datagram, or one frame of a TCP/TLS
///   stream, see `TURNStreamFraming`) → `handleFromClient`;
/// - every datagram arriving at a relayed address → `handleFromPeer`;
/// - at `nextDeadline` (or every second or so) → `expire(now:)`;
/// - a TCP/TLS client connection closed → `clientDisconnected`;
/// - a relay that could not be bound → `relayFailed`.
///
/// Clients authenticate with REST-style long-term credentials (see
/// `TURNCredentials`). Nonces are stateless (`TURNNonces`). Packets that
/// do not parse are counted drops or 400 answers; nothing traps.
public struct TURNServer: Sendable {
    public let configuration: Configuration
    public internal(set) var counters = TURNCounters()
    /// The earliest time `expire(now:)` has something to do.
    public internal(set) var nextDeadline: NIODeadline?

    let nonces: TURNNonces
    var relayPool: TURNRelayPool
    var allocations: [TURNFiveTuple: TURNAllocation] = [:]
    var fiveTupleByRelay: [STUNAddress: TURNFiveTuple] = [:]
    var allocationsByParticipant: [String: Int] = [:]

    /// `nonceKey` keys the nonces' MAC; random unless given (tests).
    public init(configuration: Configuration, relayPool: TURNRelayPool, nonceKey: [UInt8]? = nil) {
        self.configuration = configuration
        self.relayPool = relayPool
        var generator = SystemRandomNumberGenerator()
        let key = nonceKey ?? (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.nonces = TURNNonces(key: key, lifetime: configuration.nonceLifetime)
    }

    /// Live allocations.
    public var allocationCount: Int { allocations.count }

    /// The relayed address of the allocation of `fiveTuple`, if any.
    public func relay(of fiveTuple: TURNFiveTuple) -> STUNAddress? {
        allocations[fiveTuple]?.relay
    }

    /// Handles one packet from a client: a STUN message or a ChannelData
    /// frame, at `now` (monotonic) and `unixTime` (seconds, for the expiry
    /// of REST usernames).
    public mutating func handleFromClient(
        _ packet: ByteBuffer, fiveTuple: TURNFiveTuple, now: NIODeadline, unixTime: Int64
    ) -> [TURNAction] {
        guard let first = packet.getInteger(at: packet.readerIndex, as: UInt8.self) else {
            counters.drop(.malformed)
            return []
        }
        if TURNChannelData.isChannelData(firstByte: first) {
            return handleChannelData(packet, fiveTuple: fiveTuple, now: now)
        }
        guard let message = try? STUNMessage(parsing: packet) else {
            counters.drop(.malformed)
            return []
        }
        guard message.checkFingerprint() != .invalid else {
            counters.drop(.badFingerprint)
            return []
        }
        switch message.type.messageClass {
        case .request:
            return handleRequest(message, fiveTuple: fiveTuple, now: now, unixTime: unixTime)
        case .indication where message.type.method == .send:
            return handleSend(message, fiveTuple: fiveTuple, now: now)
        case .indication, .successResponse, .errorResponse:
            counters.drop(.unexpectedMessage)
            return []
        }
    }

    private mutating func handleRequest(
        _ request: STUNMessage, fiveTuple: TURNFiveTuple, now: NIODeadline, unixTime: Int64
    ) -> [TURNAction] {
        let method = request.type.method
        if method == .binding {
            // Unauthenticated, as a plain STUN server (RFC 8489 §12).
            counters.bindingAnswers &+= 1
            let response = STUNMessage.bindingSuccess(
                to: request, mappedAddress: fiveTuple.client, software: configuration.software)
            return [reply(response, to: request, fiveTuple: fiveTuple, key: nil)]
        }
        guard [.allocate, .refresh, .createPermission, .channelBind].contains(method) else {
            return [refuse(request, .badRequest, fiveTuple: fiveTuple, key: nil)]
        }
        let credential: TURNCredential
        switch authenticate(request, fiveTuple: fiveTuple, now: now, unixTime: unixTime) {
        case .success(let value): credential = value
        case .failure(let refusal): return [refusal.action]
        }
        let unknown = request.unknownComprehensionRequiredForTURN
        guard unknown.isEmpty else {
            counters.refuse(STUNErrorCode.unknownAttribute.code)
            let response = STUNMessage.errorResponse(
                to: request, error: .unknownAttribute, unknownAttributes: unknown, software: configuration.software)
            return [reply(response, to: request, fiveTuple: fiveTuple, key: credential.key)]
        }
        switch method {
        case .allocate: return allocate(request, fiveTuple: fiveTuple, credential: credential, now: now)
        case .refresh: return refresh(request, fiveTuple: fiveTuple, credential: credential, now: now)
        case .createPermission: return createPermission(request, fiveTuple: fiveTuple, credential: credential, now: now)
        default: return channelBind(request, fiveTuple: fiveTuple, credential: credential, now: now)
        }
    }

    /// A response to `request` with MESSAGE-INTEGRITY under `key` when the
    /// request was authenticated, and FINGERPRINT when the request had one.
    func reply(_ response: STUNMessage, to request: STUNMessage, fiveTuple: TURNFiveTuple, key: STUNKey?) -> TURNAction {
        let bytes = response.serialized(integrityKey: key, fingerprint: request.checkFingerprint() == .valid)
        return .sendToClient(bytes, fiveTuple: fiveTuple)
    }

    /// An error response, counted by code.
    mutating func refuse(
        _ request: STUNMessage, _ error: STUNErrorCode, fiveTuple: TURNFiveTuple, key: STUNKey?,
        extra: [STUNAttribute] = []
    ) -> TURNAction {
        counters.refuse(error.code)
        var response = STUNMessage.errorResponse(to: request, error: error, software: configuration.software)
        response.attributes += extra
        return reply(response, to: request, fiveTuple: fiveTuple, key: key)
    }
}
