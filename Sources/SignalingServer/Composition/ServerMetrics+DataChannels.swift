import MediaTransport
import Rooms

extension ServerMetrics {
    /// `switchboard_datachannel_*`: channels open, messages and bytes
    /// forwarded, drops and closes by reason, what the SCTP and DCEP
    /// engines refused, and how associations ended.
    static func renderDataChannels(
        open: Int, rooms: DataChannelRoomCounters, transport: DataChannelTransportCounters, limits: DataChannelLimits
    ) -> String {
        var text = "# HELP switchboard_datachannel_channels Data channels open (participants' own and forwarded)\n"
        text += "# TYPE switchboard_datachannel_channels gauge\nswitchboard_datachannel_channels \(open)\n"
        text += "# HELP switchboard_datachannel_limit The data_channels: limits in force\n"
        text += "# TYPE switchboard_datachannel_limit gauge\n"
        let values: [(String, Int)] = [
            ("enabled", limits.enabled ? 1 : 0), ("max_channels_per_participant", limits.maxChannelsPerParticipant),
            ("messages_per_second", limits.messagesPerSecond), ("message_burst", limits.messageBurst),
            ("bytes_per_second", limits.bytesPerSecond), ("byte_burst", limits.byteBurst),
            ("max_message_size", limits.maxMessageSize),
            ("max_buffered_bytes_per_receiver", limits.maxBufferedBytesPerReceiver),
        ]
        for (name, value) in values { text += "switchboard_datachannel_limit{limit=\"\(name)\"} \(value)\n" }
        func family(_ name: String, _ help: String, _ label: String, _ series: [(String, any BinaryInteger)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) counter\n"
            for (value, count) in series {
                text += label.isEmpty ? "\(name) \(count)\n" : "\(name){\(label)=\"\(value)\"} \(count)\n"
            }
        }
        family(
            "switchboard_datachannel_messages_total", "Data channel messages received from senders (in) and forwarded (out)",
            "direction", [("in", rooms.messagesIn), ("out", rooms.messagesOut)])
        family(
            "switchboard_datachannel_bytes_total", "Data channel message bytes received from senders (in) and forwarded (out)",
            "direction", [("in", rooms.bytesIn), ("out", rooms.bytesOut)])
        family(
            "switchboard_datachannel_messages_dropped_total", "Data channel messages not forwarded to a receiver",
            "reason",
            [
                ("rate_limit", rooms.droppedRateLimit), ("byte_rate_limit", rooms.droppedByteRateLimit),
                ("slow_receiver", rooms.droppedSlowReceiver),
                ("too_large", rooms.droppedTooLarge), ("no_channel", rooms.droppedNoChannel),
            ])
        family(
            "switchboard_datachannel_closes_total", "Forwarded data channels closed by the server or the receiver",
            "reason",
            [
                ("sender_closed", rooms.closedBySender), ("slow_receiver", rooms.closedSlowReceiver),
                ("receiver_closed", rooms.closedByReceiver),
            ])
        family(
            "switchboard_datachannel_open_failures_total", "Forwarded data channels the server could not open", "",
            [("", rooms.openFailures)])
        let refusals =
            DataChannelTransportCounters.sctpRefusals.map { ($0.reason, transport.sctp[keyPath: $0.field] as any BinaryInteger) }
            + DataChannelTransportCounters.channelRefusals.map {
                ($0.reason, transport.channels[keyPath: $0.field] as any BinaryInteger)
            }
            + [
                ("subscribe_pc_open", rooms.refusedOnSubscribe as any BinaryInteger),
                ("no_association", transport.recordsWithoutAssociation),
            ]
        family(
            "switchboard_datachannel_refused_total", "Peer SCTP/DCEP input refused (dropped or answered), by reason",
            "reason", refusals)
        family(
            "switchboard_datachannel_associations_closed_total", "SCTP associations ended, by reason", "reason",
            [
                ("shutdown", transport.closedByShutdown), ("aborted_by_peer", transport.abortedByPeer),
                ("aborted_protocol_violation", transport.abortedProtocolViolation), ("timeout", transport.timedOut),
                ("transport_closed", transport.associationsClosedWithTransport),
            ])
        family(
            "switchboard_datachannel_sctp_packets_total", "SCTP packets received and sent", "direction",
            [("in", transport.sctp.packetsReceived), ("out", transport.sctp.packetsSent)])
        family(
            "switchboard_datachannel_sctp_packets_not_sent_total", "SCTP packets DTLS could not send", "",
            [("", transport.recordsNotSent)])
        family(
            "switchboard_datachannel_sctp_retransmissions_total", "SCTP DATA chunks sent again", "",
            [("", transport.sctp.retransmissions)])
        family(
            "switchboard_datachannel_messages_abandoned_total",
            "Messages given up under partial reliability (RFC 3758)", "", [("", transport.sctp.messagesAbandoned)])
        return text
    }
}
