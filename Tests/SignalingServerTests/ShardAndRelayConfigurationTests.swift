import Testing

@testable import SignalingServer

/// The keys this server added for rooms on every core, relays over TLS
/// and the media workers' send queue are read, and bad values are
/// refused, not ignored.
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

    @Test func theSendQueueBoundIsReadStrictly() throws {
        #expect(try ServerConfiguration(yaml: "").media.sendQueueBytes == 16 << 20)
        #expect(try ServerConfiguration(yaml: "media:\n  send_queue_bytes: 1048576\n").media.sendQueueBytes == 1 << 20)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(yaml: "media:\n  send_queue_bytes: 1000\n") }
    }

    @Test func anUnreadableRelayCAFileIsAStartupError() throws {
        #expect(throws: ConfigurationError.self) { try CascadeParts.relayTLS(caFile: "/nonexistent/relay-ca.pem") }
        _ = try CascadeParts.relayTLS(caFile: "")  // the system's roots
    }
}
