import MediaTransport
import NIOCore
import NIOPosix
import STUN
import TestSupport
import Testing

/// Garbage and truncated datagrams of every kind reach the media port, from
/// an unknown address and from a connected peer's own address: each is
/// dropped and counted, the server keeps running, and the peer keeps
/// exchanging media.
@Suite struct GarbageDatagramTests {
    /// Datagrams that look like each kind on the shared port (RFC 7983 first
    /// bytes) but are broken: random, truncated, or valid-looking headers
    /// with nonsense after them.
    static func garbage(seed: UInt64) -> [ByteBuffer] {
        var random = SeededRandom(seed: seed)
        var datagrams: [[UInt8]] = []
        let check = STUNMessage.bindingRequest(
            username: "nobody:here", priority: 1, role: .controlling(tieBreaker: 1), useCandidate: true
        ).serialized(integrityKey: .shortTerm(password: "wrong-password-wrong-password"), fingerprint: true)
        datagrams += Mutations.truncations(of: Array(check.readableBytesView))
        datagrams += Mutations.corruptions(of: Array(check.readableBytesView), count: 50, using: &random)
        for firstByte: UInt8 in [0, 1, 22, 23, 63, 64, 79, 128, 144, 191, 192, 255] {
            for length in [1, 2, 3, 12, 13, 100, 1_300] {
                var bytes = random.bytes(length)
                bytes[0] = firstByte
                datagrams.append(bytes)
            }
        }
        // An SRTCP-looking and an SRTP-looking datagram with valid headers.
        datagrams.append([0x80, 0xC9, 0x00, 0x01] + random.bytes(40))
        datagrams.append([0x80, 0x60, 0x00, 0x01] + random.bytes(200))
        datagrams.append([])
        return datagrams.map { ByteBuffer(bytes: $0) }
    }

    @Test func garbageIsDroppedWithoutHarm() async throws {
        let harness = try await TransportHarness.start()
        let relay = try await UDPRelay.start(on: harness.loop, server: harness.server.localAddress) { _, _ in false }

        // Garbage before anyone connects, from an address nobody owns.
        let stranger = try await DatagramBootstrap(group: harness.loop).bind(host: "127.0.0.1", port: 0).get()
        for datagram in Self.garbage(seed: 1) {
            stranger.write(AddressedEnvelope(remoteAddress: harness.server.localAddress, data: datagram), promise: nil)
        }
        stranger.flush()

        let (server, client) = try await harness.connect(via: relay.address)
        try await harness.onLoop { server.value.echo = true }
        #expect(try await harness.eventually { server.value.connected && client.value.connected })

        // Garbage from the connected peer's own address, then more from the
        // stranger, then real media must still flow both ways.
        try await relay.injectToServer(Self.garbage(seed: 2))
        for datagram in Self.garbage(seed: 3) {
            stranger.write(AddressedEnvelope(remoteAddress: harness.server.localAddress, data: datagram), promise: nil)
        }
        stranger.flush()
        try await harness.onLoop {
            for sequence in 0..<10 {
                var packet = rtpPacket(sequence: UInt16(sequence))
                client.value.peer!.sendRTP(&packet)
            }
        }
        #expect(try await harness.eventually { client.value.receivedRTP.count == 10 })
        try await harness.onLoop {
            let counters = harness.server.counters
            #expect(server.value.closeReason == nil)
            #expect(server.value.receivedRTP.count == 10, "only the real packets were delivered")
            #expect(counters.droppedUnknownKind > 0)
            #expect(counters.droppedUnroutedSTUN > 0)
            #expect(counters.droppedUnroutedDatagram > 0)
            #expect(counters.droppedSRTPAuthentication + counters.droppedSRTPOther > 0)
            #expect(harness.server.peerCount == 1)
        }
        try await stranger.close()
        try await relay.close()
        try await harness.shutdown()
    }
}
