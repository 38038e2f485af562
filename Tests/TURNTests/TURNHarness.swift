import NIOCore
import STUN
import TestSupport

@testable import TURN

/// A TURN server and one client of it, driven without sockets: builds the
/// client's requests (long-term credentials, RFC 8489 §9.2) and reads the
/// server's answers out of its actions.
struct TURNHarness {
    static let secret = Array("turn-secret".utf8)
    static let realm = "switchboard.test"
    static let media = STUNAddress(ipv4: 198, 51, 100, 7, port: 40000)
    static let relayIP = STUNAddress(ipv4: 203, 0, 113, 1, port: 0).ip

    var server: TURNServer
    var clock = ManualClock()
    var unixTime: Int64 = 1_700_000_000
    /// Changing it forgets the nonce, which is bound to the client's address.
    var fiveTuple = TURNHarness.tuple(clientPort: 5000) {
        didSet { nonce = nil }
    }
    var credentials: TURNCredentials
    var nonce: String?

    init(_ configure: (inout TURNServer.Configuration) -> Void = { _ in }) {
        var configuration = TURNServer.Configuration(
            realm: Self.realm, secret: Self.secret, peerPolicy: TURNPeerPolicy(allowedPeers: [Self.media]))
        configure(&configuration)
        server = TURNServer(
            configuration: configuration, relayPool: TURNRelayPool(ip: Self.relayIP, ports: 50000...50009),
            nonceKey: Array(repeating: 7, count: 32))
        credentials = TURNCredentials.make(participant: "alice", secret: Self.secret, unixTime: unixTime, validFor: 3600)
    }

    static func tuple(clientPort: UInt16, transport: TURNTransport = .udp) -> TURNFiveTuple {
        TURNFiveTuple(
            client: STUNAddress(ipv4: 192, 0, 2, 10, port: clientPort),
            server: STUNAddress(ipv4: 192, 0, 2, 1, port: 3478), transport: transport)
    }

    var key: STUNKey {
        .longTerm(username: credentials.username, realm: Self.realm, password: credentials.password)
    }

    /// Sends raw bytes from the client.
    mutating func send(_ bytes: [UInt8]) -> [TURNAction] {
        server.handleFromClient(ByteBuffer(bytes: bytes), fiveTuple: fiveTuple, now: clock.now, unixTime: unixTime)
    }

    /// Sends a request of `method`, authenticated unless `authenticate` is
    /// false (a nonce is fetched first if there is none); returns the
    /// answer and all actions.
    mutating func request(
        _ method: STUNMethod, _ attributes: [STUNAttribute] = [], authenticate: Bool = true,
        transactionID: STUNTransactionID = .random()
    ) -> (response: STUNMessage?, actions: [TURNAction]) {
        if authenticate && nonce == nil {
            _ = request(method, attributes, authenticate: false)
        }
        var message = STUNMessage(
            type: STUNMessageType(method: method, messageClass: .request), transactionID: transactionID,
            attributes: attributes)
        if authenticate, let nonce {
            message.attributes += [.username(credentials.username), .realm(Self.realm), .nonce(nonce)]
        }
        let actions = send(Array(message.serialized(integrityKey: authenticate ? key : nil).readableBytesView))
        let response = Self.messages(in: actions).first
        if let fresh = response?.nonce { nonce = fresh }
        return (response, actions)
    }

    /// A CreatePermission-bearing XOR-PEER-ADDRESS attribute needs the
    /// message's transaction ID, so attributes are built from it.
    mutating func request(
        _ method: STUNMethod, peer: STUNAddress, _ more: [STUNAttribute] = []
    ) -> (response: STUNMessage?, actions: [TURNAction]) {
        let transactionID = STUNTransactionID.random()
        return request(method, [.xorPeerAddress(peer, transactionID: transactionID)] + more, transactionID: transactionID)
    }

    /// Allocates a UDP relay; returns its success response.
    mutating func allocate() -> STUNMessage? {
        request(.allocate, [.requestedTransport()]).response
    }

    /// The STUN messages among `actions` sent to the client.
    static func messages(in actions: [TURNAction]) -> [STUNMessage] {
        actions.compactMap { action in
            guard case .sendToClient(let bytes, _) = action, let first = bytes.getInteger(at: 0, as: UInt8.self),
                !TURNChannelData.isChannelData(firstByte: first)
            else { return nil }
            return try? STUNMessage(parsing: bytes)
        }
    }

    /// The datagrams among `actions` sent to peers.
    static func peerSends(in actions: [TURNAction]) -> [(bytes: [UInt8], peer: STUNAddress, relay: STUNAddress)] {
        actions.compactMap { action in
            guard case .sendToPeer(let bytes, let peer, let relay) = action else { return nil }
            return (Array(bytes.readableBytesView), peer, relay)
        }
    }
}
