import Foundation
import SignalingMessages
import TURN
import Testing

@testable import SignalingServer

/// The `turn:` section, and the ICE servers handed to participants
/// (`joined.iceServers`, WHIP/WHEP `Link`).
@Suite struct TURNConfigurationTests {
    @Test func turnKeysAreReadAndBadOnesRefused() throws {
        let configuration = try ServerConfiguration(yaml: """
            turn:
              secret: s3cret
              tcp_port: 0
              tls_port: 15349
              relay_port_min: 45000
              relay_port_max: 45100
              allow_loopback_peers: true
            """)
        #expect(configuration.turn.secret == "s3cret")
        #expect(configuration.turn.tcpPort == 0)
        #expect(configuration.turn.tlsPort == 15_349)
        #expect(configuration.turn.relayPortMin == 45_000)
        #expect(configuration.turn.allowLoopbackPeers)
        #expect(!configuration.turn.allowAnyPeer)
        for bad in [
            "turn:\n  relay_port_min: 5000\n  relay_port_max: 4000\n", "turn:\n  tls_port: 70000\n",
            "turn:\n  max_allocations: 0\n", "turn:\n  tls_certificate: a.pem\n", "turn:\n  relay_ports: 1\n",
        ] {
            #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: bad) }
        }
    }

    @Test func participantsGetSTUNAndTURNWithTheirOwnCredentials() throws {
        var configuration = ServerConfiguration()
        configuration.server.announceIP = "203.0.113.5"
        let secret = Array("shared".utf8)
        let directory = ICEServerDirectory(configuration: configuration, turnSecret: secret)
        let servers = directory.servers(for: "p7", unixTime: 1_000)
        #expect(servers.count == 2)
        #expect(servers[0] == ICEServer(urls: ["stun:203.0.113.5:3478"]))
        #expect(servers[1].urls == [
            "turn:203.0.113.5:3478?transport=udp", "turn:203.0.113.5:3478?transport=tcp",
            "turns:203.0.113.5:5349?transport=tcp",
        ])
        let username = try #require(servers[1].username)
        #expect(username == "87400:p7")
        #expect(servers[1].credential == TURNCredentials.password(for: username, secret: secret))
        let checked = try TURNCredentials.check(username: username, unixTime: 1_000)
        #expect(checked.participant == "p7")
    }

    @Test func withoutTURNOnlySTUNAndNoneWithoutEither() {
        var configuration = ServerConfiguration()
        configuration.turn.enabled = false
        #expect(ICEServerDirectory(configuration: configuration, turnSecret: [1]).servers(for: "p").count == 1)
        configuration.stun.port = 0
        #expect(ICEServerDirectory(configuration: configuration, turnSecret: [1]).servers(for: "p").isEmpty)
        configuration.server.announceIP = "2001:db8::1"
        #expect(ICEServerDirectory.urlHost(configuration.announcedAddress) == "[2001:db8::1]")
    }

    @Test func renderedMetricsNameEveryDropReason() {
        let text = ServerMetrics.renderTURN(
            .init(engine: TURNCounters(), endpoint: .init(), binding: .init()), limits: ServerConfiguration.TURN())
        for reason in ["malformed", "channel_data_overrun", "forbidden_peer", "relay_not_ready"] {
            #expect(text.contains("switchboard_turn_drops_total{reason=\"\(reason)\"} 0"))
        }
        #expect(text.contains("switchboard_turn_limit{limit=\"max_allocations\"} 1000"))
    }
}
