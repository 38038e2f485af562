// SCTP and DCEP under libFuzzer. The whole input is first parsed as an
// SCTP packet (checksum not checked) and as a DCEP message: what parses
// must survive a write/parse round trip. Then two data channel endpoints
// are connected in memory and the input drives them as a script of
// operations (1 byte each, then its arguments):
//   0: a raw packet to the server (2-byte length, bytes)
//   1: chunks to the server (2-byte length, bytes) behind a valid common
//      header: right ports, tag and checksum
//   2: advance the clock by the next byte in tens of milliseconds
//   3: the client sends a message (size byte x 97, channel byte, binary bit)
//   4: deliver the packets in flight (next byte: which to drop, bit mask)
//   5: the client opens (even byte) or closes (odd byte) a channel
// Nothing may trap; the server's buffers stay within their limits.
import DataChannel
import FuzzSupport
import NIOCore
import SCTP

runFuzzer { bytes in
    let whole = ByteBuffer(bytes: bytes)
    if let packet = try? SCTPPacket(parsing: whole, verifyChecksum: false) {
        let again = try? SCTPPacket(parsing: packet.serialized())
        precondition(again == packet, "SCTP packet does not survive a round trip")
    }
    if let message = try? DCEPMessage(parsing: whole) {
        precondition((try? DCEPMessage(parsing: message.serialized())) == message, "DCEP round trip")
    }

    var configuration = SCTPAssociationConfiguration()
    configuration.receiveWindow = 65_536
    configuration.maxMessageSize = 32_768
    configuration.remoteMaxMessageSize = 32_768
    configuration.sendBufferLimit = 131_072
    configuration.outboundStreams = 16
    configuration.inboundStreams = 16
    var client = DataChannelEndpoint(role: .dtlsClient, association: SCTPAssociation(configuration: configuration, seed: 1), maxChannels: 4)
    var server = DataChannelEndpoint(role: .dtlsServer, association: SCTPAssociation(configuration: configuration, seed: 2), maxChannels: 4)
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    var toServer: [ByteBuffer] = []
    var toClient: [ByteBuffer] = []

    func outgoing(_ actions: [DataChannelAction], into queue: inout [ByteBuffer]) {
        for case .send(let packet) in actions { queue.append(packet) }
    }
    func deliver(dropMask: UInt8) {
        var round = 0
        while !(toServer.isEmpty && toClient.isEmpty), round < 64 {
            round += 1
            let forServer = toServer
            let forClient = toClient
            toServer = []
            toClient = []
            for (index, packet) in forServer.enumerated() where dropMask & (1 << (index % 8)) == 0 {
                outgoing(server.handle(packet: packet, now: now), into: &toClient)
            }
            for packet in forClient {
                outgoing(client.handle(packet: packet, now: now), into: &toServer)
            }
        }
    }

    outgoing(client.connect(now: now), into: &toServer)
    deliver(dropMask: 0)
    var input = FuzzInput(bytes)
    while !input.isAtEnd {
        switch input.byte() % 6 {
        case 0:
            outgoing(server.handle(packet: ByteBuffer(bytes: input.longChunk()), now: now), into: &toClient)
        case 1:
            let chunks = input.longChunk()
            var packet = ByteBuffer()
            packet.writeMultipleIntegers(UInt16(5000), UInt16(5000), client.association.peerVerificationTag, UInt32(0))
            packet.writeBytes(chunks)
            outgoing(server.handle(packet: SCTPPacket.settingChecksum(of: packet), now: now), into: &toClient)
        case 2:
            now = now + .milliseconds(10 * Int64(input.byte()))
            outgoing(server.handleTimeout(now: now), into: &toClient)
            outgoing(client.handleTimeout(now: now), into: &toServer)
        case 3:
            let size = Int(input.byte()) * 97
            let channel = UInt16(input.byte() % 16)
            if let actions = try? client.send(ByteBuffer(repeating: 0x61, count: size), binary: size % 2 == 0, on: channel, now: now) {
                outgoing(actions, into: &toServer)
            }
        case 4:
            deliver(dropMask: input.byte())
        default:
            let selector = input.byte()
            if selector % 2 == 0 {
                if let (_, actions) = try? client.open(label: "f\(selector)", type: DataChannelType(ordered: selector & 4 == 0), now: now) {
                    outgoing(actions, into: &toServer)
                }
            } else {
                outgoing(client.close(UInt16(selector >> 1) % 16, now: now), into: &toServer)
            }
        }
        precondition(server.bufferedAmount <= configuration.sendBufferLimit)
        precondition(server.openChannels.count <= 4)
    }
}
