import NIOCore
import STUN
import TestSupport
import Testing

@testable import TURN

/// Permissions, channels and the data paths (RFC 8656 §9-§12).
@Suite struct TURNRelayTests {
    static let relay = STUNAddress(ipv4: 203, 0, 113, 1, port: 50000)
    static let media = TURNHarness.media

    /// A Send indication to `peer` with `data`.
    static func sendIndication(to peer: STUNAddress, _ data: [UInt8]) -> [UInt8] {
        let id = STUNTransactionID.random()
        let message = STUNMessage(
            type: STUNMessageType(method: .send, messageClass: .indication), transactionID: id,
            attributes: [.xorPeerAddress(peer, transactionID: id), .data(data)])
        return Array(message.serialized().readableBytesView)
    }

    @Test func createPermissionThenSendRelaysToThePeer() throws {
        var harness = TURNHarness()
        _ = harness.allocate()
        #expect(harness.send(Self.sendIndication(to: Self.media, [1, 2, 3])).isEmpty)
        #expect(harness.server.counters.drops[.noPermission] == 1)

        let permission = try #require(harness.request(.createPermission, peer: Self.media).response)
        #expect(permission.type == STUNMessageType(method: .createPermission, messageClass: .successResponse))
        #expect(permission.checkMessageIntegrity(key: harness.key) == .valid)
        let sent = TURNHarness.peerSends(in: harness.send(Self.sendIndication(to: Self.media, [1, 2, 3])))
        #expect(sent.count == 1)
        #expect(sent.first?.bytes == [1, 2, 3])
        #expect(sent.first?.peer == Self.media)
        #expect(sent.first?.relay == Self.relay)
        #expect(harness.server.counters.clientToPeerPackets == 1)
        #expect(harness.server.counters.clientToPeerBytes == 3)
    }

    @Test func peerDataNeedsAPermission() throws {
        var harness = TURNHarness()
        _ = harness.allocate()
        let now = harness.clock.now
        #expect(harness.server.handleFromPeer(ByteBuffer(bytes: [9]), from: Self.media, to: Self.relay, now: now).isEmpty)
        #expect(harness.server.counters.drops[.noPermission] == 1)

        _ = harness.request(.createPermission, peer: Self.media)
        let actions = harness.server.handleFromPeer(
            ByteBuffer(bytes: [9, 8]), from: Self.media, to: Self.relay, now: harness.clock.now)
        let data = try #require(TURNHarness.messages(in: actions).first)
        #expect(data.type == STUNMessageType(method: .data, messageClass: .indication))
        #expect(try data.xorPeerAddresses() == [Self.media])
        #expect(data.turnData == [9, 8])
        #expect(harness.server.counters.peerToClientPackets == 1)

        // Permissions last 300 s (RFC 8656 §9).
        harness.clock.advance(.seconds(300))
        #expect(harness.server.handleFromPeer(ByteBuffer(bytes: [9]), from: Self.media, to: Self.relay, now: harness.clock.now).isEmpty)
        #expect(harness.server.counters.drops[.noPermission] == 2)
    }

    @Test func channelDataFlowsBothWays() throws {
        var harness = TURNHarness()
        _ = harness.allocate()
        let bound = try #require(harness.request(.channelBind, peer: Self.media, [.channelNumber(0x4000)]).response)
        #expect(bound.type == STUNMessageType(method: .channelBind, messageClass: .successResponse))

        let out = TURNHarness.peerSends(in: harness.send(hexBytes("4000 0003 0a0b0c 00")))
        #expect(out.first?.bytes == [0x0A, 0x0B, 0x0C])
        #expect(out.first?.peer == Self.media)

        let back = harness.server.handleFromPeer(
            ByteBuffer(bytes: [0x0D, 0x0E]), from: Self.media, to: Self.relay, now: harness.clock.now)
        guard case .sendToClient(let bytes, let fiveTuple)? = back.first else {
            Issue.record("no ChannelData to the client")
            return
        }
        #expect(fiveTuple == harness.fiveTuple)
        #expect(Array(bytes.readableBytesView) == hexBytes("4000 0002 0d0e"))

        // ChannelData longer than its datagram, or on an unbound channel, is dropped.
        #expect(harness.send(hexBytes("4000 0010 0a0b")).isEmpty)
        #expect(harness.server.counters.drops[.channelDataOverrun] == 1)
        #expect(harness.send(hexBytes("4001 0001 0a")).isEmpty)
        #expect(harness.server.counters.drops[.noChannel] == 1)
    }

    @Test func channelDataOverTCPIsPadded() throws {
        var harness = TURNHarness()
        harness.fiveTuple = TURNHarness.tuple(clientPort: 6000, transport: .tcp)
        _ = harness.allocate()
        _ = harness.request(.channelBind, peer: Self.media, [.channelNumber(0x4abc)])
        let back = harness.server.handleFromPeer(
            ByteBuffer(bytes: [1]), from: Self.media, to: Self.relay, now: harness.clock.now)
        guard case .sendToClient(let bytes, _)? = back.first else {
            Issue.record("no ChannelData to the client")
            return
        }
        #expect(Array(bytes.readableBytesView) == hexBytes("4abc 0001 01 000000"))
        #expect(harness.server.clientDisconnected(harness.fiveTuple) == [.releaseRelay(Self.relay)])
    }

    @Test func channelBindRules() throws {
        let other = STUNAddress(ipv4: 198, 51, 100, 8, port: 40000)
        var harness = TURNHarness {
            $0.peerPolicy.allowedPeers.insert(STUNAddress(ipv4: 198, 51, 100, 8, port: 40000))
        }
        _ = harness.request(.allocate, [.requestedTransport(), .lifetime(3600)])
        #expect(harness.request(.channelBind, peer: Self.media, [.channelNumber(0x3FFF)]).response?.errorCode?.code == 400)
        #expect(harness.request(.channelBind, peer: Self.media, [.channelNumber(0x8000)]).response?.errorCode?.code == 400)
        #expect(harness.request(.channelBind, [.channelNumber(0x4000)]).response?.errorCode?.code == 400)
        #expect(harness.request(.channelBind, peer: Self.media, [.channelNumber(0x4000)]).response?.type.messageClass == .successResponse)
        // Rebinding the same pair refreshes; another peer or another number is refused.
        #expect(harness.request(.channelBind, peer: Self.media, [.channelNumber(0x4000)]).response?.type.messageClass == .successResponse)
        #expect(harness.request(.channelBind, peer: other, [.channelNumber(0x4000)]).response?.errorCode?.code == 400)
        #expect(harness.request(.channelBind, peer: Self.media, [.channelNumber(0x4001)]).response?.errorCode?.code == 400)
        // After expiry plus the 5-minute quarantine the number is free again.
        harness.clock.advance(.seconds(600 + 300))
        _ = harness.server.expire(now: harness.clock.now)
        #expect(harness.request(.channelBind, peer: other, [.channelNumber(0x4000)]).response?.errorCode?.code == 438)
        #expect(harness.request(.channelBind, peer: other, [.channelNumber(0x4000)]).response?.type.messageClass == .successResponse)
    }

    @Test func peersOutsideThePolicyAre403() throws {
        var harness = TURNHarness()
        _ = harness.allocate()
        let stranger = STUNAddress(ipv4: 8, 8, 8, 8, port: 53)
        #expect(harness.request(.createPermission, peer: stranger).response?.errorCode?.code == 403)
        #expect(harness.request(.channelBind, peer: stranger, [.channelNumber(0x4000)]).response?.errorCode?.code == 403)
        // The media IP on another port: a permission (per IP), but no traffic.
        let otherPort = STUNAddress(ipv4: 198, 51, 100, 7, port: 22)
        #expect(harness.request(.createPermission, peer: otherPort).response?.type.messageClass == .successResponse)
        #expect(harness.send(Self.sendIndication(to: otherPort, [1])).isEmpty)
        #expect(harness.server.counters.drops[.forbiddenPeer] == 1)
        #expect(harness.server.counters.refusals[403] == 2)
    }

    @Test func loopbackPeersOnlyWhenAllowed() throws {
        let loopback = STUNAddress(ipv4: 127, 0, 0, 1, port: 40000)
        var strict = TURNHarness { $0.peerPolicy = TURNPeerPolicy(allowAnyPeer: true) }
        _ = strict.allocate()
        #expect(strict.request(.createPermission, peer: loopback).response?.errorCode?.code == 403)
        #expect(strict.request(.createPermission, peer: STUNAddress(ipv4: 8, 8, 8, 8, port: 53)).response?.errorCode == nil)

        var relaxed = TURNHarness { $0.peerPolicy = TURNPeerPolicy(allowedPeers: [loopback], allowLoopback: true) }
        _ = relaxed.allocate()
        #expect(relaxed.request(.createPermission, peer: loopback).response?.type.messageClass == .successResponse)
    }

    @Test func bandwidthIsLimitedPerAllocation() throws {
        var harness = TURNHarness { $0.bandwidthBytesPerSecond = 1000 }
        _ = harness.allocate()
        _ = harness.request(.createPermission, peer: Self.media)
        let chunk = [UInt8](repeating: 0, count: 600)
        #expect(TURNHarness.peerSends(in: harness.send(Self.sendIndication(to: Self.media, chunk))).count == 1)
        #expect(harness.send(Self.sendIndication(to: Self.media, chunk)).isEmpty)
        #expect(harness.server.counters.drops[.bandwidth] == 1)
        harness.clock.advance(.milliseconds(500))
        #expect(TURNHarness.peerSends(in: harness.send(Self.sendIndication(to: Self.media, chunk))).count == 1)
    }

    @Test func badInputIsCountedNotFatal() throws {
        var harness = TURNHarness()
        #expect(harness.send([]).isEmpty)
        #expect(harness.send([0xFF, 0x00, 0x01]).isEmpty)
        #expect(harness.send(hexBytes("0001 0004 2112a442 000000000000000000000000")).isEmpty)
        #expect(harness.send(Self.sendIndication(to: Self.media, [1])).isEmpty)
        #expect(harness.server.counters.drops[.malformed] == 3)
        #expect(harness.server.counters.drops[.noAllocation] == 1)
        // An unknown method is a 400 answer.
        #expect(harness.request(STUNMethod(rawValue: 0x0FF), authenticate: false).response?.errorCode?.code == 400)
    }
}
