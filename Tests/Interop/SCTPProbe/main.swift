// The SCTP engine without DTLS, for the interop tests: a DTLS-server-role
// data channel endpoint whose SCTP packets travel over stdin and stdout,
// each behind a 4-byte big-endian length. It echoes every message on the
// channel it came from with the same binary/text type, and once the
// association is up it opens a channel "srv" and sends "hello from swift".
// Events go to stderr, one line each. Test-only: no DTLS, no sockets.
import DataChannel
import Glibc
import NIOCore
import SCTP

@MainActor
struct Probe {
    var endpoint: DataChannelEndpoint

    init() {
        var configuration = SCTPAssociationConfiguration()
        // Pipes have no real round trip: a shorter minimum keeps loss runs short.
        configuration.rtoMin = .milliseconds(200)
        configuration.rtoInitial = .milliseconds(500)
        endpoint = DataChannelEndpoint(role: .dtlsServer, association: SCTPAssociation(configuration: configuration))
    }

    mutating func perform(_ actions: [DataChannelAction]) {
        for action in actions {
            switch action {
            case .send(let packet):
                let count = UInt32(packet.readableBytes)
                writeAll(withUnsafeBytes(of: count.bigEndian) { Array($0) } + Array(packet.readableBytesView))
            case .ready:
                log("ready")
                guard let (id, opened) = try? endpoint.open(label: "srv", now: .now()) else { break }
                perform(opened)
                if let sent = try? endpoint.send(ByteBuffer(string: "hello from swift"), binary: false, on: id, now: .now()) {
                    perform(sent)
                }
            case .opened(let info):
                log("opened \(info.id) \(info.label) ordered=\(info.type.ordered)")
            case .message(let message):
                log("message \(message.label) binary=\(message.binary) size=\(message.bytes.readableBytes)")
                do {
                    perform(try endpoint.send(message.bytes, binary: message.binary, on: message.channel, now: .now()))
                } catch {
                    log("echo failed: \(error)")
                }
            case .closed(let info):
                log("closed \(info.label)")
            case .associationClosed(let reason):
                log("association closed \(reason)")
                exit(0)
            }
        }
    }

    mutating func run() -> Never {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        perform(endpoint.connect(now: .now()))
        while true {
            var timeout: Int32 = 1000
            if let deadline = endpoint.nextDeadline {
                let wait = deadline.uptimeNanoseconds &- NIODeadline.now().uptimeNanoseconds
                timeout = deadline <= .now() ? 0 : Int32(min(1000, wait / 1_000_000))
            }
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, timeout) > 0 {
                let count = read(0, &buffer, buffer.count)
                guard count > 0 else {
                    log("stdin closed")
                    exit(0)
                }
                pending += buffer[0..<count]
                while pending.count >= 4 {
                    let length = pending[0..<4].reduce(0) { $0 << 8 | Int($1) }
                    guard pending.count >= 4 + length else { break }
                    let packet = ByteBuffer(bytes: pending[4..<4 + length])
                    pending.removeFirst(4 + length)
                    perform(endpoint.handle(packet: packet, now: .now()))
                }
            }
            if let deadline = endpoint.nextDeadline, deadline <= .now() { perform(endpoint.handleTimeout(now: .now())) }
        }
    }

    func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            guard written > 0 else { exit(1) }
            offset += written
        }
    }

    func log(_ text: String) {
        let line = Array((text + "\n").utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}

var probe = Probe()
probe.run()
