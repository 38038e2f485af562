import Hummingbird
import NIOCore

/// The request context of every HTTP route: Hummingbird's basic one plus
/// the caller's address, which per-address limits need (WHIP and WHEP
/// count joins per address as `/rtc` does).
struct SwitchboardRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The caller's IP, for per-address limits.
    var remoteIP: String { remoteAddress?.ipAddress ?? "unknown" }
}
