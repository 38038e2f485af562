import NIOCore
import TestSupport

@testable import SCTP

/// Two associations joined by an in-memory link with a manual clock: each
/// packet one side sends is handed to the other after `latency`, unless the
/// link drops it (every `dropEvery`-th packet per direction).
struct SCTPLink {
    var sides: [SCTPAssociation]
    var clock = ManualClock()
    var latency: TimeAmount = .milliseconds(10)
    var dropEvery: Int?
    /// Packets on the wire: (arrival, destination side, bytes).
    var wire: [(at: NIODeadline, to: Int, bytes: ByteBuffer)] = []
    var sentPerSide = [0, 0]
    var dropped = 0
    var received: [[SCTPMessage]] = [[], []]
    var events: [[SCTPAction]] = [[], []]
    /// Rewrites packets before delivery (hostile-peer tests).
    var tamper: ((Int, ByteBuffer) -> ByteBuffer?)?

    init(_ a: SCTPAssociation, _ b: SCTPAssociation) {
        sides = [a, b]
    }

    static func pair(
        _ configure: (inout SCTPAssociationConfiguration) -> Void = { _ in }, dropEvery: Int? = nil
    ) -> SCTPLink {
        var configuration = SCTPAssociationConfiguration()
        configure(&configuration)
        var link = SCTPLink(
            SCTPAssociation(configuration: configuration, cookieKey: [1], seed: 1),
            SCTPAssociation(configuration: configuration, cookieKey: [2], seed: 2))
        link.dropEvery = dropEvery
        return link
    }

    /// Both sides send INIT, as WebRTC peers do; runs until both are up.
    mutating func connectBoth() {
        let now = clock.now
        apply(sides[0].connect(now: now), from: 0)
        apply(sides[1].connect(now: now), from: 1)
        run { $0.sides[0].isEstablished && $0.sides[1].isEstablished }
    }

    mutating func apply(_ actions: [SCTPAction], from side: Int) {
        for action in actions {
            switch action {
            case .send(let bytes):
                sentPerSide[side] += 1
                if let every = dropEvery, sentPerSide[side] % every == 0 {
                    dropped += 1
                    continue
                }
                wire.append((clock.now + latency, 1 - side, bytes))
            case .message(let message):
                received[side].append(message)
                events[side].append(action)
            default:
                events[side].append(action)
            }
        }
    }

    /// Delivers packets and fires timers until `done` or `limit` steps.
    @discardableResult
    mutating func run(limit: Int = 200_000, until done: (SCTPLink) -> Bool) -> Bool {
        for _ in 0..<limit {
            if done(self) { return true }
            let timers = sides.compactMap(\.nextDeadline)
            let nextPacket = wire.map(\.at).min()
            guard let next = ([nextPacket].compactMap { $0 } + timers).min() else { return done(self) }
            if next > clock.now { clock.advance(next - clock.now) }
            if let index = wire.firstIndex(where: { $0.at <= clock.now }) {
                let packet = wire.remove(at: index)
                var bytes: ByteBuffer? = packet.bytes
                if let tamper { bytes = tamper(packet.to, packet.bytes) }
                if let bytes { apply(sides[packet.to].handle(packet: bytes, now: clock.now), from: packet.to) }
                continue
            }
            for side in 0..<2 where sides[side].nextDeadline.map({ $0 <= clock.now }) == true {
                apply(sides[side].handleTimeout(now: clock.now), from: side)
            }
        }
        return done(self)
    }

    mutating func send(_ bytes: [UInt8], from side: Int, stream: UInt16 = 0, ppid: UInt32 = 53, unordered: Bool = false,
        reliability: SCTPReliability = .reliable) throws
    {
        let message = SCTPMessage(streamIdentifier: stream, payloadProtocol: ppid, unordered: unordered, bytes: ByteBuffer(bytes: bytes))
        apply(try sides[side].send(message, reliability: reliability, now: clock.now), from: side)
    }

    /// Runs until nothing is left in flight or queued on either side.
    mutating func drain(limit: Int = 200_000) -> Bool {
        run(limit: limit) { link in
            link.wire.isEmpty && link.sides.allSatisfy { $0.sendQueue.isEmpty && $0.inFlight.isEmpty }
        }
    }
}

/// A deterministic message body: `size` bytes seeded by `seed`.
func messageBytes(size: Int, seed: Int) -> [UInt8] {
    (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7) }
}
