// TURN under libFuzzer: the ChannelData parser and stream framing on the
// whole input, then the server engine driven by the input as a script of
// operations (1 byte each, then its arguments):
//   0: a client packet as is (2-byte length, bytes)
//   1: a peer datagram (1-byte peer selector, 2-byte length, bytes)
//   2: an authenticated request: 1-byte method selector, then raw
//      attribute bytes (1-byte length) wrapped in a valid message with the
//      right USERNAME, REALM, NONCE and MESSAGE-INTEGRITY
//   3: advance the clock by the next byte in seconds, then expire
//   4: switch the client 5-tuple (next byte: port and transport)
// Nothing may trap; counters must stay consistent.
import FuzzSupport
import NIOCore
import STUN
import TURN

let secret = Array("fuzz-secret".utf8)
let realm = "fuzz"
let relayIP = STUNAddress(ipv4: 10, 0, 0, 1, port: 0).ip
let peers = [
    STUNAddress(ipv4: 10, 0, 0, 2, port: 4000), STUNAddress(ipv4: 127, 0, 0, 1, port: 4000),
    STUNAddress(ipv4: 8, 8, 8, 8, port: 53),
]
let methods: [STUNMethod] = [.allocate, .refresh, .createPermission, .channelBind, .binding, .send]

runFuzzer { bytes in
    if let frame = try? TURNChannelData(parsing: Array(bytes)) {
        precondition(TURNChannelData.validChannelNumbers.contains(frame.channelNumber))
        _ = frame.serialized(padded: true)
    }
    _ = TURNStreamFraming.nextFrame(in: ByteBuffer(bytes: bytes))

    var input = FuzzInput(bytes)
    var server = TURNServer(
        configuration: TURNServer.Configuration(
            realm: realm, secret: secret, maxAllocationsPerParticipant: 2, maxAllocations: 3,
            bandwidthBytesPerSecond: 10_000,
            peerPolicy: TURNPeerPolicy(allowedPeers: [peers[0]], allowLoopback: true)),
        relayPool: TURNRelayPool(ip: relayIP, ports: 40000...40003), nonceKey: [1, 2, 3])
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    let unixTime: Int64 = 1_700_000_000
    let credentials = TURNCredentials.make(participant: "fuzz", secret: secret, unixTime: unixTime, validFor: 3600)
    let key = STUNKey.longTerm(username: credentials.username, realm: realm, password: credentials.password)
    var fiveTuple = TURNFiveTuple(
        client: STUNAddress(ipv4: 192, 0, 2, 1, port: 5000), server: STUNAddress(ipv4: 10, 0, 0, 1, port: 3478),
        transport: .udp)
    var nonce = ""
    var relays: [STUNAddress] = []

    func record(_ actions: [TURNAction]) {
        for action in actions {
            switch action {
            case .sendToClient(let bytes, _):
                if let message = try? STUNMessage(parsing: bytes), let fresh = message.nonce { nonce = fresh }
            case .openRelay(let relay, _): relays.append(relay)
            case .releaseRelay(let relay): relays.removeAll { $0 == relay }
            case .sendToPeer: break
            }
        }
    }

    while !input.isAtEnd {
        switch input.byte() % 5 {
        case 0:
            record(server.handleFromClient(ByteBuffer(bytes: input.longChunk()), fiveTuple: fiveTuple, now: now, unixTime: unixTime))
        case 1:
            let peer = peers[Int(input.byte()) % peers.count]
            let relay = relays.isEmpty ? STUNAddress(ip: relayIP, port: 40000) : relays[relays.count - 1]
            record(server.handleFromPeer(ByteBuffer(bytes: input.longChunk()), from: peer, to: relay, now: now))
        case 2:
            let method = methods[Int(input.byte()) % methods.count]
            let attributes = input.chunk()
            let id = STUNTransactionID.random()
            var message = STUNMessage(
                type: STUNMessageType(method: method, messageClass: method == .send ? .indication : .request),
                transactionID: id)
            // Raw attribute bytes are spliced in by parsing a message around them.
            var raw = STUNMessage(type: message.type, transactionID: id).serialized()
            raw.writeBytes(attributes)
            raw.writeRepeatingByte(0, count: (4 - attributes.count % 4) % 4)
            raw.setInteger(UInt16(raw.readableBytes - 20), at: 2)
            if let parsed = try? STUNMessage(parsing: raw) { message.attributes = parsed.attributes }
            message.attributes += [.username(credentials.username), .realm(realm), .nonce(nonce)]
            record(server.handleFromClient(message.serialized(integrityKey: key), fiveTuple: fiveTuple, now: now, unixTime: unixTime))
        case 3:
            now = now + .seconds(Int64(input.byte()))
            record(server.expire(now: now))
        default:
            let selector = input.byte()
            fiveTuple.client.port = 5000 + UInt16(selector % 4)
            fiveTuple.transport = selector & 0x80 == 0 ? .udp : .tcp
        }
        precondition(server.counters.allocationsActive == server.allocationCount)
        precondition(server.allocationCount <= 3)
    }
}
