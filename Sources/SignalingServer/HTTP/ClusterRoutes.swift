import Cluster
import Foundation
import Hummingbird
import NIOCore

/// `GET /cluster`: the node registry and the room claims as JSON;
/// `POST /cluster/drain`: this node takes no new rooms. Both are control
/// routes (admin token when tokens are required); 404 on a single node.
enum ClusterRoutes {
    /// The JSON of `GET /cluster` (keys sorted).
    struct Listing: Encodable {
        struct Node: Encodable {
            let id: String
            let advertiseURL: String
            let media: String
            let rooms: Int
            let claimedRooms: Int
            let participants: Int
            let packetsPerSecond: Double
            let draining: Bool
            let live: Bool
            let secondsSinceHeartbeat: Double
        }
        let node: String
        let draining: Bool
        let nodes: [Node]
        let rooms: [RoomClaim]
    }

    static func add(to router: some RouterMethods<SwitchboardRequestContext>, context server: ServerContext) {
        router.get("/cluster") { _, _ -> Response in
            guard let cluster = server.cluster else { return notACluster }
            let snapshot: (nodes: [NodeRecord], rooms: [RoomClaim])
            do {
                snapshot = try await cluster.snapshot()
            } catch {
                return JSONResponse.make(.serviceUnavailable, ["error": "\(error)"])
            }
            let stale = cluster.settings.staleAfter
            let listing = Listing(
                node: cluster.settings.nodeID, draining: cluster.isDraining,
                nodes: snapshot.nodes.map {
                    Listing.Node(
                        id: $0.id, advertiseURL: $0.advertiseURL, media: $0.media, rooms: $0.load.rooms,
                        claimedRooms: $0.claimedRooms, participants: $0.load.participants,
                        packetsPerSecond: $0.load.packetsPerSecond, draining: $0.draining, live: $0.isLive(staleAfter: stale),
                        secondsSinceHeartbeat: $0.secondsSinceHeartbeat)
                },
                rooms: snapshot.rooms)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(listing))))
        }
        router.post("/cluster/drain") { _, _ -> Response in
            guard let cluster = server.cluster else { return notACluster }
            do {
                try await cluster.drain()
            } catch {
                // Draining holds locally at once; the table catches up on the next heartbeat.
                return JSONResponse.make(.accepted, ["node": cluster.settings.nodeID, "draining": true, "error": "\(error)"])
            }
            return JSONResponse.make(.ok, ["node": cluster.settings.nodeID, "draining": true])
        }
    }

    private static var notACluster: Response {
        JSONResponse.make(.notFound, ["error": "this server is not part of a cluster (cluster.database_url is empty)"])
    }
}
