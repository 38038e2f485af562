// Time from a client peer's creation to the first SRTP packet decrypted by
// the server: ICE check and answer, the DTLS handshake (two flights each
// way), SRTP setup, one protected RTP packet. Over real UDP on 127.0.0.1,
// release build: `make bench` (or `swift run -c release HandshakeBench [N]`).
import DTLS
import Foundation
import ICELite
import Logging
import MediaTransport
import NIOCore
import NIOPosix

final class FirstPacket: PeerTransportDelegate {
    var started: NIODeadline = .now()
    var firstPacket: NIODeadline?

    func peerTransportDidConnect(_ peer: PeerTransport) {
        // Client side: send one RTP packet as soon as SRTP is ready.
        guard case .client = peer.role else { return }
        var packet = ByteBuffer(bytes: [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 1, 0xDE, 0xAD, 0xBE, 0xEF] + [UInt8](repeating: 0, count: 100))
        peer.sendRTP(&packet)
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTP packet: ByteBuffer) {
        if firstPacket == nil { firstPacket = .now() }
    }

    func peerTransport(_ peer: PeerTransport, didReceiveRTCP packet: ByteBuffer) {}
    func peerTransport(_ peer: PeerTransport, didCloseWith reason: PeerCloseReason) {}
}

let rounds = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200 : 200
let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
var logger = Logger(label: "bench")
logger.logLevel = .critical
let serverCertificate = try DTLSCertificate.generate()
let clientCertificate = try DTLSCertificate.generate()
let server = try await MediaWorker.bind(
    host: "127.0.0.1", port: 0, on: group.next(),
    dtlsContext: DTLSContext(configuration: DTLSConfiguration(certificate: serverCertificate)), logger: logger)
let client = try await MediaWorker.bind(
    host: "127.0.0.1", port: 0, on: group.next(),
    dtlsContext: DTLSContext(configuration: DTLSConfiguration(certificate: clientCertificate)), logger: logger)

var samples: [Double] = []
for _ in 0..<rounds {
    let serverCredentials = ICECredentials.random()
    let clientCredentials = ICECredentials.random()
    let serverSide = try await server.eventLoop.submit {
        let probe = FirstPacket()
        let peer = try server.makeServerPeer(
            localCredentials: serverCredentials, remoteCredentials: clientCredentials,
            remoteFingerprint: clientCertificate.fingerprint, delegate: probe)
        return NIOLoopBound((probe, peer), eventLoop: server.eventLoop)
    }.get()
    let started = NIODeadline.now()
    let clientSide = try await client.eventLoop.submit {
        let probe = FirstPacket()
        let peer = try client.makeClientPeer(
            remote: server.localAddress, localCredentials: clientCredentials, remoteCredentials: serverCredentials,
            remoteFingerprint: serverCertificate.fingerprint, delegate: probe)
        return NIOLoopBound((probe, peer), eventLoop: client.eventLoop)
    }.get()
    var arrived: NIODeadline?
    for _ in 0..<2_000 {
        arrived = try await server.eventLoop.submit { serverSide.value.0.firstPacket }.get()
        if arrived != nil { break }
        try await Task.sleep(for: .microseconds(200))
    }
    guard let arrived else { fatalError("no SRTP packet within 0.4 s") }
    samples.append(Double((arrived - started).nanoseconds) / 1e6)
    try await client.eventLoop.submit { clientSide.value.1.close() }.get()
    try await server.eventLoop.submit { serverSide.value.1.close() }.get()
}
let sorted = samples.sorted()
let percentile = { (p: Double) in sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
print("| ICE + DTLS + first SRTP packet on loopback (\(rounds) handshakes) | median | p90 | max |")
print("| --- | ---: | ---: | ---: |")
print(String(format: "| ms | %.2f | %.2f | %.2f |", percentile(0.5), percentile(0.9), sorted.last!))
try await server.close()
try await client.close()
try await group.shutdownGracefully()
