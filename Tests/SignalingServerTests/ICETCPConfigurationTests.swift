import Testing

@testable import SignalingServer

/// The `ice_tcp:` section and the TCP candidate's announced port.
@Suite struct ICETCPConfigurationTests {
    @Test func keysAreReadAndBadOnesRefused() throws {
        let configuration = try ServerConfiguration(yaml: """
            ice_tcp:
              port: 443
              max_connections_per_address: 4
              first_frame_timeout: 3s
              partial_frame_timeout: 500ms
              max_frame_bytes: 1500
            """)
        #expect(configuration.iceTCP.enabled)
        #expect(configuration.iceTCP.port == 443)
        #expect(configuration.iceTCP.maxConnectionsPerAddress == 4)
        let transport = configuration.iceTCP.transportConfiguration
        #expect(transport.firstFrameTimeout == .seconds(3))
        #expect(transport.partialFrameTimeout == .milliseconds(500))
        #expect(transport.maxFrameBytes == 1_500)
        for bad in [
            "ice_tcp:\n  port: 70000\n", "ice_tcp:\n  max_frame_bytes: 100\n", "ice_tcp:\n  max_frame_bytes: 65536\n",
            "ice_tcp:\n  max_connections: 0\n", "ice_tcp:\n  idle_timeout: 0s\n", "ice_tcp:\n  tcp_port: 1\n",
        ] {
            #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: bad) }
        }
    }

    @Test func theCandidatePortFollowsTheAnnouncedOnes() {
        var configuration = ServerConfiguration()
        // Same port number as UDP: the UDP announced port, which a NAT maps alike.
        #expect(configuration.announcedICETCPPort(workerIndex: 1, boundPort: 50_001, udpBoundPort: 50_001) == 50_001)
        configuration.media.announcePort = 60_000
        #expect(configuration.announcedICETCPPort(workerIndex: 1, boundPort: 50_001, udpBoundPort: 50_001) == 60_001)
        // A port of its own: the bound one, or its own announce port.
        configuration.iceTCP.port = 443
        #expect(configuration.announcedICETCPPort(workerIndex: 0, boundPort: 443, udpBoundPort: 50_000) == 443)
        configuration.iceTCP.announcePort = 8_443
        #expect(configuration.announcedICETCPPort(workerIndex: 2, boundPort: 445, udpBoundPort: 50_002) == 8_445)
    }
}
