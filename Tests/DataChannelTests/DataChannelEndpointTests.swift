import NIOCore
import SCTP
import TestSupport
import Testing

@testable import DataChannel

/// Channels between a DTLS client and a DTLS server endpoint.
@Suite struct DataChannelEndpointTests {
    @Test func openSendAndClose() throws {
        var link = DataChannelLink()
        #expect(link.events.allSatisfy { $0.contains(.ready) })
        let id = try link.open("chat", from: 0)
        #expect(id % 2 == 0)
        // Messages may follow the OPEN before its ACK (RFC 8832 §6).
        try link.send(Array("hello".utf8), binary: false, on: id, from: 0)
        try link.send([0, 1, 2, 255], binary: true, on: id, from: 0)
        try link.send([], binary: false, on: id, from: 0)
        try link.send([], binary: true, on: id, from: 0)
        let settled = link.settle()
        #expect(settled)
        #expect(link.opened(at: 0).map(\.label) == ["chat"] && link.opened(at: 1).map(\.label) == ["chat"])
        let got = link.messages(at: 1)
        #expect(got.map { Array($0.bytes.readableBytesView) } == [Array("hello".utf8), [0, 1, 2, 255], [], []])
        #expect(got.map(\.binary) == [false, true, false, true])
        #expect(got.allSatisfy { $0.label == "chat" && $0.channel == id })
        // The server answers on the same channel.
        try link.send(Array("hi".utf8), binary: false, on: id, from: 1)
        link.apply(link.sides[0].close(id, now: link.clock.now), from: 0)
        let closed = link.run { $0.closed(at: 0).count == 1 && $0.closed(at: 1).count == 1 }
        #expect(closed)
        #expect(link.messages(at: 0).map { Array($0.bytes.readableBytesView) } == [Array("hi".utf8)])
        // The stream id is free again.
        #expect(try link.open("again", from: 0) == id)
    }

    @Test func serverOpensOddStreams() throws {
        var link = DataChannelLink()
        let first = try link.open("a", from: 1)
        let second = try link.open("b", from: 1)
        #expect(first == 1 && second == 3)
        let opened = link.run { $0.opened(at: 0).count == 2 && $0.opened(at: 1).count == 2 }
        #expect(opened)
    }

    @Test func channelTypesCarryOver() throws {
        var link = DataChannelLink(dropEvery: 9)
        let types: [DataChannelType] = [
            .reliableOrdered, DataChannelType(ordered: false), DataChannelType(ordered: false, reliability: .maxRetransmits(0)),
            DataChannelType(ordered: true, reliability: .lifetime(milliseconds: 500)),
        ]
        var ids: [UInt16] = []
        for (index, type) in types.enumerated() { ids.append(try link.open("t\(index)", from: 0, type: type)) }
        let opened = link.run { $0.opened(at: 1).count == 4 }
        #expect(opened)
        #expect(link.opened(at: 1).sorted { $0.id < $1.id }.map(\.type) == types)
        for round in 0..<30 {
            for id in ids { try link.send(messageBytes(round, size: 2000), binary: true, on: id, from: 0) }
        }
        let settled = link.settle()
        #expect(settled)
        let got = link.messages(at: 1)
        // Reliable channels get everything; the ordered one in order.
        #expect(got.filter { $0.channel == ids[0] }.map { $0.bytes.getInteger(at: 0, as: UInt8.self) } == (0..<30).map { UInt8($0) })
        #expect(got.filter { $0.channel == ids[1] }.count == 30)
        #expect(got.filter { $0.channel == ids[2] }.count <= 30)
        for message in got { #expect(Array(message.bytes.readableBytesView) == messageBytes(Int(message.bytes.getInteger(at: 0, as: UInt8.self)!), size: 2000)) }
    }

    @Test func largeMessages() throws {
        var link = DataChannelLink(dropEvery: 13)
        let id = try link.open("big", from: 1)
        let body = messageBytes(7, size: 262_144)
        try link.send(body, binary: true, on: id, from: 1)
        try link.send(Array(repeating: 0x41, count: 262_144), binary: false, on: id, from: 1)
        let settled = link.settle()
        #expect(settled)
        #expect(link.messages(at: 0).map { Array($0.bytes.readableBytesView) } == [body, Array(repeating: 0x41, count: 262_144)])
    }

    @Test func peerOpenOnOurParityIsRefused() throws {
        var link = DataChannelLink()
        // The client (even ids) receives an OPEN on an even stream from the server.
        let open = DCEPMessage.open(channelType: .reliableOrdered, priority: 0, label: "x", protocol: "")
        let message = SCTPMessage(streamIdentifier: 2, payloadProtocol: 50, bytes: open.serialized())
        link.apply(try link.sides[1].association.send(message, now: link.clock.now).map(\.asDataChannelAction), from: 1)
        let settled = link.settle()
        #expect(settled)
        #expect(link.sides[0].counters.openOnWrongParity == 1)
        #expect(link.opened(at: 0).isEmpty)
    }

    @Test func channelLimitRefusesTheExtraOpen() throws {
        var small = DataChannelLink(maxChannels: 2)
        _ = try small.open("a", from: 0)
        _ = try small.open("b", from: 0)
        #expect(throws: DataChannelError.tooManyChannels(limit: 2)) { try small.open("c", from: 0) }
        // A server holding at most two refuses a client's third by resetting its stream.
        var link = DataChannelLink(maxChannels: 10)
        link.sides[1] = DataChannelEndpoint(role: .dtlsServer, association: link.sides[1].association, maxChannels: 2)
        for label in ["a", "b", "c"] { _ = try link.open(label, from: 0) }
        let done = link.run { $0.closed(at: 0).count == 1 }
        #expect(done)
        #expect(link.sides[1].counters.channelLimit == 1)
        #expect(link.opened(at: 1).map(\.label) == ["a", "b"])
        #expect(link.closed(at: 0).map(\.label) == ["c"])
    }

    @Test func unknownPayloadProtocolIsCounted() throws {
        var link = DataChannelLink()
        let id = try link.open("x", from: 0)
        let message = SCTPMessage(streamIdentifier: id, payloadProtocol: 99, bytes: ByteBuffer(bytes: [1]))
        link.apply(try link.sides[0].association.send(message, now: link.clock.now).map(\.asDataChannelAction), from: 0)
        let settled = link.settle()
        #expect(settled)
        #expect(link.sides[1].counters.unknownPayloadProtocol == 1)
    }
}

func messageBytes(_ seed: Int, size: Int) -> [UInt8] {
    [UInt8(truncatingIfNeeded: seed)] + (1..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ seed) }
}

extension SCTPAction {
    /// Only `.send` is expected where tests call the association directly.
    var asDataChannelAction: DataChannelAction {
        if case .send(let bytes) = self { return .send(bytes) }
        return .ready
    }
}
