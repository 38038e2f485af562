import MediaTransport
import TURN

extension ServerMetrics {
    /// The embedded TURN server's series (`switchboard_turn_*`): its limits,
    /// allocations, refusals by STUN error code, relayed traffic each way
    /// and drops by reason.
    static func renderTURN(_ snapshot: TURNEndpointSnapshot, limits: ServerConfiguration.TURN) -> String {
        let engine = snapshot.engine
        let endpoint = snapshot.endpoint
        var text = ""
        func series(_ name: String, _ type: String, _ help: String, _ lines: [(String, any BinaryInteger)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (labels, value) in lines { text += "\(name)\(labels) \(value)\n" }
        }
        series("switchboard_turn_limit", "gauge", "Configured TURN limits", [
            ("{limit=\"max_allocations\"}", limits.maxAllocations),
            ("{limit=\"max_allocations_per_participant\"}", limits.maxAllocationsPerParticipant),
            ("{limit=\"bytes_per_second_per_allocation\"}", limits.bytesPerSecondPerAllocation),
            ("{limit=\"credential_ttl_seconds\"}", limits.credentialTTLSeconds),
        ])
        series("switchboard_turn_allocations", "gauge", "Live TURN allocations", [("", engine.allocationsActive)])
        series("switchboard_turn_allocations_total", "counter", "TURN allocations by how they began or ended", [
            ("{event=\"created\"}", engine.allocationsCreated), ("{event=\"expired\"}", engine.allocationsExpired),
            ("{event=\"deleted\"}", engine.allocationsDeleted), ("{event=\"failed\"}", engine.allocationsFailed),
        ])
        series("switchboard_turn_relay_port_retries_total", "counter",
            "Relay ports that could not be bound (held elsewhere), replaced by the next free one",
            [("", engine.relayRetries)])
        let refusals: [(String, any BinaryInteger)] = engine.refusals.sorted { $0.key < $1.key }.map {
            ("{code=\"\($0.key)\"}", $0.value)
        }
        series("switchboard_turn_refusals_total", "counter", "TURN error responses by code (401, 438, 403, 486, ...)",
            refusals.isEmpty ? [("{code=\"401\"}", 0)] : refusals)
        series("switchboard_turn_relayed_packets_total", "counter", "Packets relayed by TURN", [
            ("{direction=\"client_to_peer\"}", engine.clientToPeerPackets),
            ("{direction=\"peer_to_client\"}", engine.peerToClientPackets),
        ])
        series("switchboard_turn_relayed_bytes_total", "counter", "Application bytes relayed by TURN", [
            ("{direction=\"client_to_peer\"}", engine.clientToPeerBytes),
            ("{direction=\"peer_to_client\"}", engine.peerToClientBytes),
        ])
        var drops: [(String, any BinaryInteger)] = TURNDropReason.allCases.map {
            ("{reason=\"\(snakeCase($0.rawValue))\"}", engine.drops[$0] ?? 0)
        }
        drops.append(("{reason=\"relay_not_ready\"}", endpoint.relayNotReady))
        series("switchboard_turn_drops_total", "counter", "TURN packets dropped without an answer, by reason", drops)
        series("switchboard_turn_binding_answers_total", "counter", "STUN Binding requests answered on the TURN ports", [
            ("{transport=\"udp\"}", snapshot.binding.answered), ("{transport=\"stream\"}", engine.bindingAnswers),
        ])
        series("switchboard_turn_connections", "gauge", "Open TURN TCP and TLS connections", [("", endpoint.streamsOpen)])
        series("switchboard_turn_relays", "gauge", "Bound TURN relay sockets", [("", endpoint.relaysOpen)])
        series("switchboard_turn_connection_events_total", "counter", "TURN TCP/TLS connections accepted and closed by the server", [
            ("{event=\"accepted\"}", endpoint.streamsAccepted), ("{event=\"refused\"}", endpoint.streamsRefused),
            ("{event=\"out_of_step\"}", endpoint.streamsOutOfStep), ("{event=\"stalled\"}", endpoint.streamsStalled),
            ("{event=\"idle\"}", endpoint.streamsIdle),
            ("{event=\"tls_error\"}", endpoint.tlsErrors),
        ])
        series("switchboard_turn_relay_bind_failures_total", "counter", "Relay sockets that could not be bound", [
            ("", endpoint.relayBindFailures),
        ])
        return text
    }

    /// `badFingerprint` → `bad_fingerprint`.
    private static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { out, character in
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
    }
}
