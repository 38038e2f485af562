import MediaTransport

extension ServerMetrics {
    /// Every worker's ICE-TCP counters, read on each worker's loop.
    static func collectICETCP(_ workers: MediaWorkerGroup) async throws -> ICETCPCounters {
        var total = ICETCPCounters()
        for worker in workers.workers {
            total = total.adding(try await worker.eventLoop.submit { worker.iceTCPCounters }.get())
        }
        return total
    }

    /// The passive ICE-TCP series (`switchboard_ice_tcp_*`): connections
    /// open, accepted, refused and closed by reason, framing errors by
    /// reason, and what the connections carried each way.
    static func renderICETCP(
        _ counters: ICETCPCounters, admission: ICETCPConnectionLimiter.Snapshot, limits: ServerConfiguration.ICETCP
    ) -> String {
        var text = ""
        func series(_ name: String, _ type: String, _ help: String, _ lines: [(String, any BinaryInteger)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (labels, value) in lines { text += "\(name)\(labels) \(value)\n" }
        }
        series("switchboard_ice_tcp_limit", "gauge", "Configured ICE-TCP connection limits", [
            ("{limit=\"max_connections\"}", limits.maxConnections),
            ("{limit=\"max_connections_per_address\"}", limits.maxConnectionsPerAddress),
        ])
        series("switchboard_ice_tcp_connections", "gauge", "Open ICE-TCP connections", [("", admission.open)])
        series("switchboard_ice_tcp_accepted_total", "counter", "ICE-TCP connections accepted", [
            ("", admission.accepted),
        ])
        series("switchboard_ice_tcp_bound_total", "counter", "ICE-TCP connections bound to a peer by an authenticated check", [
            ("", counters.connectionsBound),
        ])
        series("switchboard_ice_tcp_refused_total", "counter", "ICE-TCP connections refused on accept, by limit",
            ICETCPConnectionLimiter.Refusal.allCases.map { ("{reason=\"\($0.rawValue)\"}", admission.refused[$0] ?? 0) })
        series("switchboard_ice_tcp_closed_total", "counter", "ICE-TCP connections the server closed on a timer, by reason", [
            ("{reason=\"first_frame_timeout\"}", counters.closedFirstFrameTimeout),
            ("{reason=\"partial_frame_timeout\"}", counters.closedPartialFrameTimeout),
            ("{reason=\"idle\"}", counters.closedIdle),
        ])
        series("switchboard_ice_tcp_framing_errors_total", "counter", "RFC 4571 framing errors on ICE-TCP connections, by reason", [
            ("{reason=\"too_long\"}", counters.framingTooLong),
            ("{reason=\"zero_length\"}", counters.framingZeroLength),
            ("{reason=\"not_stun_first\"}", counters.framingNotSTUNFirst),
            ("{reason=\"unknown_ufrag\"}", counters.framingUnknownUfrag),
            ("{reason=\"unknown_kind\"}", counters.framingUnknownKind),
            ("{reason=\"truncated\"}", counters.framingTruncated),
        ])
        series("switchboard_ice_tcp_bytes_total", "counter", "Bytes on ICE-TCP connections, framing included", [
            ("{direction=\"in\"}", counters.bytesReceived), ("{direction=\"out\"}", counters.bytesSent),
        ])
        series("switchboard_ice_tcp_packets_total", "counter", "Frames (STUN, DTLS, RTP, RTCP) on ICE-TCP connections", [
            ("{direction=\"in\"}", counters.packetsReceived), ("{direction=\"out\"}", counters.packetsSent),
        ])
        series("switchboard_ice_tcp_write_drops_total", "counter", "Packets dropped because an ICE-TCP connection's write buffer was full", [
            ("", counters.packetsDroppedWriteBuffer),
        ])
        return text
    }
}
