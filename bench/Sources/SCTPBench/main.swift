// The SCTP engine's cost: two associations joined in memory (no DTLS, no
// sockets) move messages one way; the CPU time of both sides together per
// message and per MiB, clean and with 1 packet in 50 lost. Each packet
// steps the clock 20 us; with nothing on the wire it jumps to the next timer.
import BenchSupport
import Glibc
import NIOCore
import SCTP

struct Pair {
    var sides: [SCTPAssociation]
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    var wire: [(to: Int, bytes: ByteBuffer)] = []
    var next = 0
    var sent = 0
    var delivered = 0
    var dropEvery: Int?

    init(dropEvery: Int?) {
        var configuration = SCTPAssociationConfiguration()
        configuration.rtoMin = .milliseconds(50)
        sides = [SCTPAssociation(configuration: configuration, seed: 1), SCTPAssociation(configuration: configuration, seed: 2)]
        self.dropEvery = dropEvery
        apply(sides[0].connect(now: now), from: 0)
        apply(sides[1].connect(now: now), from: 1)
        pump { $0.sides[0].isEstablished && $0.sides[1].isEstablished }
    }

    mutating func apply(_ actions: [SCTPAction], from side: Int) {
        for action in actions {
            switch action {
            case .send(let bytes):
                sent += 1
                if let every = dropEvery, sent % every == 0 { continue }
                wire.append((1 - side, bytes))
            case .message: delivered += 1
            default: break
            }
        }
    }

    mutating func pump(until done: (Pair) -> Bool) {
        while !done(self) {
            if next < wire.count {
                let packet = wire[next]
                next += 1
                now = now + .microseconds(20)
                apply(sides[packet.to].handle(packet: packet.bytes, now: now), from: packet.to)
            } else {
                wire.removeAll(keepingCapacity: true)
                next = 0
                guard let deadline = sides.compactMap(\.nextDeadline).min() else { return }
                if deadline > now { now = deadline }
                for side in 0..<2 { apply(sides[side].handleTimeout(now: now), from: side) }
            }
        }
    }
}

func run(size: Int, count: Int, dropEvery: Int?) {
    var pair = Pair(dropEvery: dropEvery)
    let body = ByteBuffer(repeating: 0x5A, count: size)
    let start = threadCPUNanoseconds()
    var queued = 0
    while pair.delivered < count {
        // Keep about 1 MiB queued, as a sender watching bufferedAmount would.
        while queued < count, pair.sides[0].bufferedAmount + size <= 1_048_576 {
            let message = SCTPMessage(streamIdentifier: 1, payloadProtocol: 53, bytes: body)
            guard let actions = try? pair.sides[0].send(message, now: pair.now) else { break }
            pair.apply(actions, from: 0)
            queued += 1
        }
        let target = pair.delivered + 1
        pair.pump { $0.delivered >= target }
    }
    let cpu = threadCPUNanoseconds() - start
    let mebibytes = Double(size * count) / 1_048_576
    let loss = dropEvery.map { "1/\($0)" } ?? "none"
    say(
        "size \(size) B, \(count) messages, loss \(loss): \(oneDecimal(cpu / Double(count) / 1000)) us CPU/message, "
            + "\(oneDecimal(mebibytes / (cpu / 1e9))) MiB/s of CPU")
}

/// Unbuffered output, one line at a time.
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

func oneDecimal(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

for (size, count) in [(1024, 20_000), (16_384, 2_000), (262_144, 128)] {
    run(size: size, count: count, dropEvery: nil)
    run(size: size, count: count, dropEvery: 50)
}
