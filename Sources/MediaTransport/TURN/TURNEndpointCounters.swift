import ICELite
import TURN

/// What the TURN sockets did around the engine (the engine's own counts
/// are `TURNCounters`), read together for /metrics.
public struct TURNEndpointCounters: Sendable, Hashable {
    /// Relay sockets that could not be bound (the allocation is ended).
    public var relayBindFailures: UInt64 = 0
    /// Data for a relay whose socket was not bound (yet, or any more).
    public var relayNotReady: UInt64 = 0
    /// TCP/TLS streams closed for a first byte neither STUN nor ChannelData.
    public var streamsOutOfStep: UInt64 = 0
    /// TCP/TLS streams closed for leaving a frame incomplete too long.
    public var streamsStalled: UInt64 = 0
    /// TCP/TLS streams closed for holding no allocation too long.
    public var streamsIdle: UInt64 = 0
    /// TCP/TLS connections refused at `maxStreamConnections`.
    public var streamsRefused: UInt64 = 0
    /// TLS handshakes or records that failed.
    public var tlsErrors: UInt64 = 0
    /// TCP and TLS connections accepted, and open now.
    public var streamsAccepted: UInt64 = 0
    public var streamsOpen = 0
    /// Live relay sockets.
    public var relaysOpen = 0

    public init() {}
}
