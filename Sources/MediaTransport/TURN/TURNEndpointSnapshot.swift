import ICELite
import TURN

/// The engine's and the sockets' counters at one moment.
public struct TURNEndpointSnapshot: Sendable, Hashable {
    public var engine: TURNCounters
    public var endpoint: TURNEndpointCounters
    /// Plain STUN Binding on the UDP port.
    public var binding: STUNBindingResponder.Counters

    public init(engine: TURNCounters, endpoint: TURNEndpointCounters, binding: STUNBindingResponder.Counters) {
        self.engine = engine
        self.endpoint = endpoint
        self.binding = binding
    }
}
