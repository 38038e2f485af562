/// Groups acknowledged packets into bursts and yields the delay variation
/// between consecutive groups (draft-ietf-rmcat-gcc-02 §5.2; libwebrtc's
/// InterArrival): packets sent within 5 ms of a group's first packet belong
/// to it; d(i) = (arrival(i) - arrival(i-1)) - (send(i) - send(i-1)) taken
/// on each group's last packet.
struct PacketGrouper: Sendable {
    struct Group: Sendable {
        var firstSend: Int64
        var lastSend: Int64
        var firstArrival: Int64
        var lastArrival: Int64
    }

    /// The deltas between two complete groups, in milliseconds.
    struct Deltas: Sendable {
        var sendDelta: Double
        var arrivalDelta: Double
        /// Arrival of the newer group's last packet, ms.
        var arrivalTime: Double
    }

    static let burstInterval: Int64 = 5_000  // µs
    private var current: Group?
    private var previous: Group?

    /// Adds one packet (µs send and arrival times); returns deltas when it
    /// closes a group that has a predecessor.
    mutating func add(sendTime: Int64, arrivalTime: Int64) -> Deltas? {
        guard var group = current else {
            current = Group(firstSend: sendTime, lastSend: sendTime, firstArrival: arrivalTime, lastArrival: arrivalTime)
            return nil
        }
        // Packets reordered in send time belong to an older group: ignored.
        guard sendTime >= group.firstSend else { return nil }
        if belongs(sendTime: sendTime, arrivalTime: arrivalTime, to: group) {
            group.lastSend = max(group.lastSend, sendTime)
            group.lastArrival = max(group.lastArrival, arrivalTime)
            current = group
            return nil
        }
        var deltas: Deltas?
        if let previous {
            deltas = Deltas(
                sendDelta: Double(group.lastSend - previous.lastSend) / 1000,
                arrivalDelta: Double(group.lastArrival - previous.lastArrival) / 1000,
                arrivalTime: Double(group.lastArrival) / 1000)
        }
        previous = group
        current = Group(firstSend: sendTime, lastSend: sendTime, firstArrival: arrivalTime, lastArrival: arrivalTime)
        return deltas
    }

    private func belongs(sendTime: Int64, arrivalTime: Int64, to group: Group) -> Bool {
        if sendTime - group.firstSend <= Self.burstInterval { return true }
        // A burst on arrival that was spread on send (a queue flushing) is one group too.
        let arrivalDelta = arrivalTime - group.lastArrival
        let propagationDelta = arrivalDelta - (sendTime - group.lastSend)
        return propagationDelta < 0 && arrivalDelta <= Self.burstInterval && arrivalTime - group.firstArrival < 100_000
    }
}
