import ICELite
import Logging
import MediaTransport
import NIOCore
import NIOPosix
import Testing

/// The plain STUN endpoint answers an independent STUN client (aioice's,
/// tools/interop/stun_binding_client.py) with its server-reflexive address,
/// and rate-limits a source that asks too often.
@Suite struct STUNEndpointTests {
    @Test(.timeLimit(.minutes(1))) func independentClientLearnsItsAddress() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let endpoint = try await STUNEndpoint.bind(host: "127.0.0.1", port: 0, on: group.next())
        let port = try #require(endpoint.localAddress.port)

        let client = try PythonPeer(script: "stun_binding_client.py", arguments: ["127.0.0.1", "\(port)", "--count", "3"])
        defer { client.terminate() }
        let result = try await client.readJSON()
        let local = result["local"] as? [Any]
        let mapped = result["mapped"] as? [Any]
        #expect(result["answered"] as? Int == 3)
        #expect(mapped?.first as? String == "127.0.0.1")
        #expect(mapped?.last as? Int == local?.last as? Int, "XOR-MAPPED-ADDRESS is the client's own port")
        #expect(result["fingerprint_ok"] as? Bool == true)
        #expect(try await endpoint.counters().answered == 3)

        try await endpoint.close()
        try await group.shutdownGracefully()
    }

    @Test(.timeLimit(.minutes(1))) func floodFromOneSourceIsRateLimited() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let endpoint = try await STUNEndpoint.bind(
            host: "127.0.0.1", port: 0, on: group.next(),
            configuration: .init(requestsPerSecond: 5, burst: 5))
        let port = try #require(endpoint.localAddress.port)

        // 30 requests as fast as the client can: only the burst is answered.
        let client = try PythonPeer(script: "stun_binding_client.py", arguments: ["127.0.0.1", "\(port)", "--count", "30", "--wait", "0.05"])
        defer { client.terminate() }
        let result = try await client.readJSON()
        let answered = result["answered"] as? Int ?? -1
        #expect(answered >= 5 && answered < 30, "answered \(answered) of 30")
        #expect(try await endpoint.counters().rateLimited > 0)

        try await endpoint.close()
        try await group.shutdownGracefully()
    }
}
