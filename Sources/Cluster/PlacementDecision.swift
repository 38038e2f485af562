/// Where a join for a room goes, decided from the room's claim (if any)
/// and the node registry; no database here, so it is tested alone. The
/// store then applies the step atomically (insert, or compare-and-set on
/// the epoch) and decides again if another node won the race.
public enum PlacementDecision: Sendable, Equatable {
    /// The room is claimed by a live node: go there (it may be this one).
    case home(NodeRecord, epoch: Int64)
    /// Nobody claims the room: claim it for `node`.
    case claimNew(node: NodeRecord)
    /// The claim's node is stale (or gone): move the room to `node`,
    /// expecting the claim still at `fromEpoch`.
    case takeOver(node: NodeRecord, fromEpoch: Int64)
    /// No live node takes new rooms (all stale or draining).
    case noNodeAvailable

    public static func decide(
        claim: RoomClaim?, nodes: [NodeRecord], selfID: String, staleAfter: Double
    ) -> PlacementDecision {
        if let claim, let home = nodes.first(where: { $0.id == claim.nodeID }), home.isLive(staleAfter: staleAfter) {
            // A draining node keeps the rooms it has: only new rooms avoid it.
            return .home(home, epoch: claim.epoch)
        }
        guard let target = leastLoaded(nodes, selfID: selfID, staleAfter: staleAfter) else { return .noNodeAvailable }
        if let claim { return .takeOver(node: target, fromEpoch: claim.epoch) }
        return .claimNew(node: target)
    }

    /// The live, non-draining node with the fewest claimed rooms, then the
    /// fewest participants; this node wins ties (no redirect needed).
    public static func leastLoaded(_ nodes: [NodeRecord], selfID: String, staleAfter: Double) -> NodeRecord? {
        nodes.filter { $0.isLive(staleAfter: staleAfter) && !$0.draining }.min { a, b in
            if a.claimedRooms != b.claimedRooms { return a.claimedRooms < b.claimedRooms }
            if a.load.participants != b.load.participants { return a.load.participants < b.load.participants }
            if (a.id == selfID) != (b.id == selfID) { return a.id == selfID }
            return a.id < b.id
        }
    }
}
