import NIOCore
import NIOPosix

/// How one worker listens for ICE-TCP: its settings, the limiter shared
/// by every worker, and the port (nil: the UDP socket's port number).
public struct ICETCPListenerSettings: Sendable {
    public var configuration: ICETCPConfiguration
    public var limiter: ICETCPConnectionLimiter
    public var port: Int?

    public init(configuration: ICETCPConfiguration, limiter: ICETCPConnectionLimiter, port: Int?) {
        self.configuration = configuration
        self.limiter = limiter
        self.port = port
    }
}

extension MediaWorker {
    /// Binds the worker's passive ICE-TCP listener on its own event loop:
    /// every accepted connection lives on that loop, beside the peers it
    /// may carry, so frames cross no threads.
    static func bindICETCP(
        host: String, port: Int, on eventLoop: any EventLoop, handler: NIOLoopBound<MediaWorkerHandler>,
        settings: ICETCPListenerSettings
    ) async throws -> any Channel {
        let configuration = settings.configuration
        let limiter = settings.limiter
        // Past `writeBufferBytes` queued the channel turns unwritable and
        // the connection drops what it is handed (`ICETCPConnectionHandler.send`).
        let marks = ChannelOptions.Types.WriteBufferWaterMark(
            low: configuration.writeBufferBytes / 2, high: configuration.writeBufferBytes)
        return try await ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: marks)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = ICETCPConnectionHandler(
                        worker: handler.value, limiter: limiter, configuration: configuration)
                    try channel.pipeline.syncOperations.addHandler(connection)
                }
            }
            .bind(host: host, port: port)
            .get()
    }

    /// What this worker's ICE-TCP connections did so far. Call on `eventLoop`.
    public var iceTCPCounters: ICETCPCounters { handlerForICETCP.tcpCounters }
    /// ICE-TCP connections open on this worker. Call on `eventLoop`.
    public var iceTCPConnectionCount: Int { handlerForICETCP.tcpConnections.count }
}
