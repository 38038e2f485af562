import NIOCore
import SCTP
import TestSupport

@testable import DataChannel

/// A DTLS client and a DTLS server endpoint joined by an in-memory link
/// with a manual clock, dropping every `dropEvery`-th packet per direction.
struct DataChannelLink {
    var sides: [DataChannelEndpoint]
    var clock = ManualClock()
    var dropEvery: Int?
    var wire: [(at: NIODeadline, to: Int, bytes: ByteBuffer)] = []
    var sent = [0, 0]
    var events: [[DataChannelAction]] = [[], []]

    init(maxChannels: Int = 256, dropEvery: Int? = nil, configure: (inout SCTPAssociationConfiguration) -> Void = { _ in }) {
        var configuration = SCTPAssociationConfiguration()
        configure(&configuration)
        sides = [
            DataChannelEndpoint(role: .dtlsClient, association: SCTPAssociation(configuration: configuration, seed: 21), maxChannels: maxChannels),
            DataChannelEndpoint(role: .dtlsServer, association: SCTPAssociation(configuration: configuration, seed: 22), maxChannels: maxChannels),
        ]
        self.dropEvery = dropEvery
        apply(sides[0].connect(now: clock.now), from: 0)
        apply(sides[1].connect(now: clock.now), from: 1)
        run { $0.sides.allSatisfy { $0.association.isEstablished } }
    }

    mutating func apply(_ actions: [DataChannelAction], from side: Int) {
        for action in actions {
            if case .send(let bytes) = action {
                sent[side] += 1
                if let every = dropEvery, sent[side] % every == 0 { continue }
                wire.append((clock.now + .milliseconds(5), 1 - side, bytes))
            } else {
                events[side].append(action)
            }
        }
    }

    @discardableResult
    mutating func run(limit: Int = 500_000, until done: (DataChannelLink) -> Bool) -> Bool {
        for _ in 0..<limit {
            if done(self) { return true }
            let next = (wire.map(\.at) + sides.compactMap(\.nextDeadline)).min()
            guard let next else { return done(self) }
            if next > clock.now { clock.advance(next - clock.now) }
            if let index = wire.firstIndex(where: { $0.at <= clock.now }) {
                let packet = wire.remove(at: index)
                apply(sides[packet.to].handle(packet: packet.bytes, now: clock.now), from: packet.to)
                continue
            }
            for side in 0..<2 where sides[side].nextDeadline.map({ $0 <= clock.now }) == true {
                apply(sides[side].handleTimeout(now: clock.now), from: side)
            }
        }
        return done(self)
    }

    mutating func open(_ label: String, from side: Int, type: DataChannelType = .reliableOrdered) throws -> UInt16 {
        let (id, actions) = try sides[side].open(label: label, type: type, now: clock.now)
        apply(actions, from: side)
        return id
    }

    mutating func send(_ bytes: [UInt8], binary: Bool, on id: UInt16, from side: Int) throws {
        apply(try sides[side].send(ByteBuffer(bytes: bytes), binary: binary, on: id, now: clock.now), from: side)
    }

    mutating func settle() -> Bool {
        run { $0.wire.isEmpty && $0.sides.allSatisfy { $0.bufferedAmount == 0 } }
    }

    func messages(at side: Int) -> [DataChannelMessage] {
        events[side].compactMap { if case .message(let message) = $0 { message } else { nil } }
    }

    func opened(at side: Int) -> [DataChannelInfo] {
        events[side].compactMap { if case .opened(let info) = $0 { info } else { nil } }
    }

    func closed(at side: Int) -> [DataChannelInfo] {
        events[side].compactMap { if case .closed(let info) = $0 { info } else { nil } }
    }
}
