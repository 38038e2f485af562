import MediaNegotiation
import SDP

extension ServerTransportParameters {
    /// What both ends of a pipe between shards write about themselves in
    /// the SDP they exchange: never used to connect, the pipe is memory.
    static let shardPipe = ServerTransportParameters(
        iceUfrag: "shardpipe", icePassword: "shardpipeshardpipeshard",
        fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0, count: 32)),
        candidateAddress: "127.0.0.1", candidatePort: 9, tcpCandidatePort: nil)
}
