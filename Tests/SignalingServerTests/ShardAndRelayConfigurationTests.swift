import Testing

@testable import SignalingServer

/// The keys this server added for rooms on every core and relays over
/// TLS are read, and bad values are refused, not ignored.
@Suite struct ShardAndRelayConfigurationTests {
    @Test func spreadingIsOffByDefaultAndReadStrictly() throws {
        let defaults = try ServerConfiguration(yaml: "")
        #expect(defaults.rooms.spreadAfterParticipants == 0)
        #expect(defaults.rooms.shardPipeBufferBytes == 4 << 20)
        let set = try ServerConfiguration(yaml: "rooms:\n  spread_after: 16\n  shard_pipe_buffer_bytes: 65536\n")
        #expect(set.rooms.spreadAfterParticipants == 16 && set.rooms.shardPipeBufferBytes == 65536)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "rooms:\n  spread_after: -1\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "rooms:\n  spread_after: many\n") }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "rooms:\n  shard_pipe_buffer_bytes: 0\n") }
    }

    @Test func anUnreadableRelayCAFileIsAStartupError() throws {
        #expect(throws: ConfigurationError.self) { try CascadeParts.relayTLS(caFile: "/nonexistent/relay-ca.pem") }
        _ = try CascadeParts.relayTLS(caFile: "")  // the system's roots
    }
}
