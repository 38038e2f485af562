import DataChannel
import MediaTransport
import NIOCore
import Testing

/// Data channels over a peer transport's DTLS, between two real transports
/// on 127.0.0.1 (RFC 8261: one SCTP packet per DTLS record).
@Suite struct PeerTransportDataChannelTests {
    @Test func channelsOpenAndCarryMessagesBothWays() async throws {
        let harness = try await TransportHarness.start()
        let (server, client) = try await harness.connect()
        try await harness.onLoop {
            server.value.peer!.enableDataChannels(DataChannelSettings(remoteMaxMessageSize: 262_144))
            client.value.peer!.enableDataChannels(DataChannelSettings(remoteMaxMessageSize: 262_144))
        }
        #expect(try await harness.eventually { server.value.peer!.dataChannelsReady && client.value.peer!.dataChannelsReady })
        let big = ByteBuffer(bytes: (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let id = try await harness.onLoop {
            let id = try client.value.peer!.openDataChannel(label: "chat", protocol: "", type: .reliableOrdered)
            #expect(client.value.peer!.isOwnDataChannel(id) && id % 2 == 0)
            try client.value.peer!.sendDataChannelMessage(ByteBuffer(string: "hi"), binary: false, on: id)
            try client.value.peer!.sendDataChannelMessage(big, binary: true, on: id)
            return id
        }
        #expect(try await harness.eventually { messages(server.value).count == 2 })
        try await harness.onLoop {
            let received = messages(server.value)
            #expect(received.map(\.label) == ["chat", "chat"])
            #expect(received[0].bytes == ByteBuffer(string: "hi") && !received[0].binary)
            #expect(received[1].bytes == big && received[1].binary)
            try server.value.peer!.sendDataChannelMessage(ByteBuffer(string: "back"), binary: false, on: id)
        }
        #expect(try await harness.eventually { messages(client.value).map { String(buffer: $0.bytes) } == ["back"] })
        try await harness.onLoop { server.value.peer!.closeDataChannel(id) }
        #expect(try await harness.eventually {
            client.value.dataChannelEvents.contains { if case .closed(let info) = $0 { info.id == id } else { false } }
        })
        try await harness.onLoop { #expect(harness.server.counters.dataChannels.sctp.packetsReceived > 0) }
        try await harness.shutdown()
    }

    @Test func sctpWithoutNegotiatedDataChannelsIsDroppedAndCounted() async throws {
        let harness = try await TransportHarness.start()
        let (server, client) = try await harness.connect()
        try await harness.onLoop { client.value.peer!.enableDataChannels(DataChannelSettings()) }
        #expect(try await harness.eventually { harness.server.counters.dataChannels.recordsWithoutAssociation > 0 })
        try await harness.onLoop {
            #expect(!server.value.peer!.dataChannelsReady)
            #expect(server.value.closeReason == nil)
            #expect(throws: PeerTransport.DataChannelFailure.unavailable) {
                try server.value.peer!.openDataChannel(label: "x", protocol: "", type: .reliableOrdered)
            }
        }
        try await harness.shutdown()
    }
}

private func messages(_ probe: PeerProbe) -> [DataChannelMessage] {
    probe.dataChannelEvents.compactMap { if case .message(let message) = $0 { message } else { nil } }
}
