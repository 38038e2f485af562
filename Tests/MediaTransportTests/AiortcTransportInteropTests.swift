import DTLS
import Foundation
import ICELite
import Logging
import MediaTransport
import NIOCore
import NIOPosix
import Testing

/// Interop with an independent stack: aiortc's ICE (aioice) and DTLS
/// transport with libsrtp (tools/interop/aiortc_transport_peer.py) complete
/// ICE and DTLS-SRTP with a server worker over 127.0.0.1 and exchange SRTP
/// and SRTCP both ways (the server echoes what it decrypts).
@Suite struct AiortcTransportInteropTests {
    @Test(.timeLimit(.minutes(1))) func aiortcCompletesICEAndDTLSSRTPWithTheServer() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let certificate = try DTLSCertificate.generate()
        var logger = Logger(label: "test.interop")
        logger.logLevel = .critical
        let worker = try await MediaWorker.bind(
            host: "127.0.0.1", port: 0, on: loop,
            dtlsContext: DTLSContext(configuration: DTLSConfiguration(certificate: certificate)), logger: logger)

        let peer = try PythonPeer(script: "aiortc_transport_peer.py", arguments: ["--timeout", "10"])
        defer { peer.terminate() }
        let client = try await peer.readJSON()
        let clientCredentials = try ICECredentials(
            ufrag: client["ufrag"] as? String ?? "", password: client["pwd"] as? String ?? "")
        let clientFingerprint = try DTLSFingerprint(parsing: client["fingerprint"] as? String ?? "")
        let serverCredentials = ICECredentials.random()

        let probe = try await loop.submit {
            let probe = PeerProbe()
            probe.echo = true
            probe.peer = try worker.makeServerPeer(
                localCredentials: serverCredentials, remoteCredentials: clientCredentials,
                remoteFingerprint: clientFingerprint, delegate: probe)
            return NIOLoopBound(probe, eventLoop: loop)
        }.get()

        let packets = 50
        let port = try #require(worker.localAddress.port)
        try peer.writeJSON([
            "ufrag": serverCredentials.ufrag, "pwd": serverCredentials.password,
            "fingerprint": "sha-256 \(certificate.fingerprint.hexText)", "host": "127.0.0.1", "port": port,
            "packets": packets,
        ])
        let result = try await peer.readJSON()
        #expect(result["error"] == nil, "aiortc peer failed: \(result["error"] ?? "")")
        #expect(result["received_rtp"] as? Int == packets, "aiortc decrypted the server's echoes: \(result)")
        #expect((result["received_rtcp"] as? Int ?? 0) >= 1)
        #expect(result["srtp_profile"] as? String == "SRTP_AEAD_AES_128_GCM")
        let (serverRTP, serverRTCP, connected) = try await loop.submit {
            (probe.value.receivedRTP.count, probe.value.receivedRTCP.count, probe.value.connected)
        }.get()
        #expect(connected)
        #expect(serverRTP == packets, "the server decrypted aiortc's SRTP")
        #expect(serverRTCP >= 1, "the server decrypted aiortc's SRTCP")
        print("aiortc: ICE + DTLS connected after \(result["connected_ms"] ?? "?") ms")

        try await worker.close()
        try await group.shutdownGracefully()
    }
}
