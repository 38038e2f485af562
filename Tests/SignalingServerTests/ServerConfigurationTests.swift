import Foundation
import Rooms
import SignalingServer
import Testing

/// The built-in defaults are exactly Config/switchboard.yaml, and config
/// files are read strictly.
@Suite struct ServerConfigurationTests {
    static let defaultFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/switchboard.yaml")

    @Test func embeddedDefaultsMatchTheShippedFile() throws {
        let fromFile = try ServerConfiguration(contentsOfFile: Self.defaultFile.path)
        #expect(fromFile == ServerConfiguration())
        #expect(fromFile.http.port == 8080)
        #expect(fromFile.media.port == 50_000)
        #expect(fromFile.stun.port == 3_478)
        #expect(fromFile.ice.consentTimeoutSeconds == 30)
    }

    @Test func aFileOverridesOnlyItsKeys() throws {
        let configuration = try ServerConfiguration(yaml: """
            http:
              port: 9000
            ice:
              consent_timeout: 1500ms
            codecs:
              video: [vp8]
            """)
        #expect(configuration.http.port == 9000)
        #expect(configuration.ice.consentTimeoutSeconds == 1.5)
        #expect(configuration.codecs.video == ["vp8"])
        #expect(configuration.media.port == 50_000)
    }

    @Test func announcedMediaPortIsPerWorkerWhenSet() throws {
        #expect(ServerConfiguration().announcedMediaPort(workerIndex: 1, boundPort: 50_001) == 50_001)
        let mapped = try ServerConfiguration(yaml: "media:\n  announce_port: 40000\n")
        #expect(mapped.announcedMediaPort(workerIndex: 0, boundPort: 50_000) == 40_000)
        #expect(mapped.announcedMediaPort(workerIndex: 2, boundPort: 50_002) == 40_002)
    }

    @Test func mistakesAreReportedNotIgnored() {
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "http:\n  prot: 9000\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "htp:\n  port: 9000\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "http:\n  port: eighty\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "ice:\n  consent_timeout: soon\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "- a\n- b\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "recording:\n  audio_only_format: mp3\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "recording:\n  audio_video_format: mp4\n") }
        #expect((try? ServerConfiguration(yaml: "recording:\n  audio_only_format: webm\n"))?.recording.audioOnlyFormat == "webm")
    }

    @Test func clusterIsOffByDefaultAndReadStrictly() throws {
        let defaults = ServerConfiguration()
        #expect(!defaults.cluster.enabled)
        #expect(defaults.cluster.placement == .redirect)
        #expect(defaults.advertisedBaseURL() == "http://127.0.0.1:8080")
        let read = try ServerConfiguration(yaml: """
            cluster:
              database_url: postgres://sb@127.0.0.1:5432/sb
              node_id: b
              advertise_url: https://b.example/
              heartbeat_interval: 500ms
              stale_after: 3s
            """)
        #expect(read.cluster.enabled)
        #expect(read.cluster.nodeID == "b")
        #expect(read.cluster.heartbeatIntervalSeconds == 0.5)
        #expect(read.cluster.staleAfterSeconds == 3)
        #expect(read.advertisedBaseURL() == "https://b.example")
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "cluster:\n  placement: nearest\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "cluster:\n  advertise_url: b:8080\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "cluster:\n  stale_after: 1s\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "cluster:\n  query_timeout: 0s\n") }
    }

    @Test func cascadeNeedsALongSecret() throws {
        do {
            _ = try ServerConfiguration(yaml: "cluster:\n  placement: cascade\n  secret: short\n")
            Issue.record("cascade accepted without a usable secret")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("cluster.secret"))
        }
        let secret = String(repeating: "s", count: 32)
        let read = try ServerConfiguration(
            yaml: "cluster:\n  placement: cascade\n  secret: \(secret)\n  max_relays: 5\n")
        #expect(read.cluster.placement == .cascade)
        #expect(read.cluster.maxRelays == 5)
    }

    @Test func limitsAreReadAndBadOnesRefused() throws {
        let read = try ServerConfiguration(
            yaml: "limits:\n  max_rooms: 3\n  join_timeout: 1500ms\nhttp:\n  allowed_origins: [\"https://app.example\"]\n")
        #expect(read.limits.maxRooms == 3)
        #expect(read.limits.joinTimeoutSeconds == 1.5)
        #expect(read.http.allowedOrigins == ["https://app.example"])
        // A limit of 0 would refuse everything; a typo must not pass silently.
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "limits:\n  max_rooms: 0\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "limits:\n  messages_per_second: -5\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "limits:\n  join_timeout: 0s\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "limits:\n  join_timeout: soon\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "limits:\n  max_romos: 5\n") }
    }

    @Test func dataChannelLimitsAreReadAndBadOnesRefused() throws {
        let read = try ServerConfiguration(
            yaml: "data_channels:\n  enabled: false\n  max_channels_per_participant: 4\n  messages_per_second: 10\n"
                + "  message_burst: 20\n  bytes_per_second: 1000\n  byte_burst: 70000\n  max_message_size: 65536\n"
                + "  max_buffered_bytes_per_receiver: 1000000\n")
        let limits = read.dataChannels.limits
        #expect(!limits.enabled)
        #expect(limits.maxChannelsPerParticipant == 4)
        #expect(limits.messagesPerSecond == 10 && limits.messageBurst == 20)
        #expect(limits.maxMessageSize == 65_536)
        #expect(limits.bytesPerSecond == 1_000 && limits.byteBurst == 70_000)
        #expect(limits.maxBufferedBytesPerReceiver == 1_000_000)
        #expect(ServerConfiguration().dataChannels.limits == DataChannelLimits())
        for bad in ["max_channels_per_participant: 0", "max_channels_per_participant: 600", "max_message_size: 0",
            "max_message_size: 99999999", "messages_per_second: -1", "max_chanels: 3", "byte_burst: 1000"]
        {
            #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "data_channels:\n  \(bad)\n") }
        }
    }

    @Test func durations() {
        #expect(parseDuration("30s") == 30)
        #expect(parseDuration("500ms") == 0.5)
        #expect(parseDuration("2m") == 120)
        #expect(parseDuration("1h") == 3_600)
        #expect(parseDuration("12") == 12)
        #expect(parseDuration("abc") == nil)
    }
}

@Suite struct TokenTests {
    @Test func signedTokensVerifyAndCarryTheirClaims() async throws {
        let tokens = try await TokenVerifier(key: "a-test-key-of-reasonable-length-for-hs256")
        let token = try await tokens.sign(room: "standup", name: "ada", lifetime: 3_600)
        let claims = try await tokens.verify(token)
        #expect(claims.room == "standup")
        #expect(claims.name == "ada")
    }

    @Test func wrongKeyAndExpiredTokensFail() async throws {
        let tokens = try await TokenVerifier(key: "a-test-key-of-reasonable-length-for-hs256")
        let other = try await TokenVerifier(key: "another-key-entirely-different-for-hs256")
        let foreign = try await other.sign(room: "r", name: "n", lifetime: 3_600)
        await #expect(throws: (any Error).self) { try await tokens.verify(foreign) }
        let expired = try await tokens.sign(room: "r", name: "n", lifetime: -10)
        await #expect(throws: (any Error).self) { try await tokens.verify(expired) }
        await #expect(throws: (any Error).self) { try await tokens.verify("not.a.token") }
    }

    @Test func shortKeysAreRefused() async {
        await #expect(throws: ConfigurationError.self) { _ = try await TokenVerifier(key: "short") }
    }
}
