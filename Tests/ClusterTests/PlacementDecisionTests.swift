import Testing

@testable import Cluster

/// Where a join's room goes, without a database: a live claim is kept, a
/// stale one is taken over with its epoch, a new room goes to the least
/// loaded live node that is not draining (this node on a tie).
@Suite struct PlacementDecisionTests {
    static func node(_ id: String, rooms: Int = 0, participants: Int = 0, age: Double = 1, draining: Bool = false)
        -> NodeRecord
    {
        NodeRecord(
            id: id, advertiseURL: "http://\(id):8080",
            load: .init(rooms: rooms, participants: participants, packetsPerSecond: 0), draining: draining,
            claimedRooms: rooms, secondsSinceHeartbeat: age)
    }

    @Test func aLiveClaimIsTheRoomsHomeEvenWhenDraining() {
        let nodes = [Self.node("a"), Self.node("b", rooms: 9, draining: true)]
        let claim = RoomClaim(room: "r", nodeID: "b", epoch: 4)
        #expect(PlacementDecision.decide(claim: claim, nodes: nodes, selfID: "a", staleAfter: 10) == .home(nodes[1], epoch: 4))
    }

    @Test func aNewRoomGoesToTheLeastLoadedLiveNode() {
        let nodes = [Self.node("a", rooms: 3), Self.node("b", rooms: 1), Self.node("c", rooms: 0, age: 30)]
        #expect(PlacementDecision.decide(claim: nil, nodes: nodes, selfID: "a", staleAfter: 10) == .claimNew(node: nodes[1]))
    }

    @Test func tiesGoToThisNodeThenParticipantsDecide() {
        let nodes = [Self.node("a", rooms: 1), Self.node("b", rooms: 1)]
        #expect(PlacementDecision.leastLoaded(nodes, selfID: "b", staleAfter: 10)?.id == "b")
        let busier = [Self.node("a", rooms: 1, participants: 2), Self.node("b", rooms: 1, participants: 9)]
        #expect(PlacementDecision.leastLoaded(busier, selfID: "b", staleAfter: 10)?.id == "a")
    }

    @Test func aStaleOrMissingHomeIsTakenOverFromItsEpoch() {
        let nodes = [Self.node("a"), Self.node("b", age: 11)]
        let stale = RoomClaim(room: "r", nodeID: "b", epoch: 2)
        #expect(PlacementDecision.decide(claim: stale, nodes: nodes, selfID: "a", staleAfter: 10)
            == .takeOver(node: nodes[0], fromEpoch: 2))
        let gone = RoomClaim(room: "r", nodeID: "z", epoch: 7)
        #expect(PlacementDecision.decide(claim: gone, nodes: nodes, selfID: "a", staleAfter: 10)
            == .takeOver(node: nodes[0], fromEpoch: 7))
    }

    @Test func drainingAndStaleNodesTakeNoNewRooms() {
        let nodes = [Self.node("a", draining: true), Self.node("b", age: 12)]
        #expect(PlacementDecision.decide(claim: nil, nodes: nodes, selfID: "a", staleAfter: 10) == .noNodeAvailable)
        #expect(PlacementDecision.decide(claim: nil, nodes: [], selfID: "a", staleAfter: 10) == .noNodeAvailable)
    }
}
