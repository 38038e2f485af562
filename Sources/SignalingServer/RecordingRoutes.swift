import Foundation
import Hummingbird
import Recording

/// HTTP control of recordings, answering JSON:
/// - `POST /rooms/{room}/recording` starts: 201 `{room, id, state:
///   "recording", directory}`; 200 when already recording; 202 `{state:
///   "armed"}` when nobody is in the room yet (recording starts with it);
///   500 `{error}` when the directory cannot be written; 429 when
///   `limits.max_armed_recordings` rooms are armed or recording on request.
/// - `DELETE` stops and waits for the files to be finished: 200 `{room,
///   id, state: "stopped", directory}`, 404 when not recording.
/// - `GET` lists the room's recordings on disk: `{room, active, recordings:
///   [manifest + directory]}`, oldest first.
enum RecordingRoutes {
    static func add(to router: some RouterMethods<BasicRequestContext>, controller: RecordingController) {
        router.post("/rooms/:room/recording") { _, context in
            let room = try roomName(context)
            switch await controller.start(room: room) {
            case .started(let recording):
                return json(.created, ["room": room, "id": recording.id, "state": "recording", "directory": recording.directory])
            case .alreadyRecording(let recording):
                return json(.ok, ["room": room, "id": recording.id, "state": "recording", "directory": recording.directory])
            case .armed:
                return json(.accepted, ["room": room, "state": "armed"])
            case .failed(let message):
                return json(.internalServerError, ["room": room, "state": "failed", "error": message])
            case .limitReached(let limit):
                return json(.tooManyRequests, ["room": room, "error": "\(limit) rooms are armed or recording already"])
            }
        }
        router.delete("/rooms/:room/recording") { _, context in
            let room = try roomName(context)
            guard let recording = await controller.stop(room: room) else {
                return json(.notFound, ["room": room, "error": "the room is not being recorded"])
            }
            return json(.ok, [
                "room": room, "id": recording.id, "state": recording.isFinished ? "stopped" : "stopping",
                "directory": recording.directory,
            ])
        }
        router.get("/rooms/:room/recording") { _, context in
            let room = try roomName(context)
            var body: [String: Any] = ["room": room, "recordings": listing(of: room, in: controller.configuration.dir)]
            body["active"] = controller.activeRecording(of: room)?.id ?? NSNull()
            return json(.ok, body)
        }
    }

    /// The protocol's room names: 1-64 of `[A-Za-z0-9_-]` (so also safe in paths).
    private static func roomName(_ context: BasicRequestContext) throws -> String {
        let room = try context.parameters.require("room")
        let valid = !room.isEmpty && room.count <= 64 && room.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        guard valid else { throw HTTPError(.badRequest, message: "room names are 1-64 of A-Z a-z 0-9 _ -") }
        return room
    }

    /// Every `<dir>/<room>/<id>/manifest.json`, oldest first.
    private static func listing(of room: String, in directory: String) -> [[String: Any]] {
        let roomDirectory = directory + "/" + room
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: roomDirectory)) ?? []
        return ids.sorted().compactMap { id in
            let path = roomDirectory + "/" + id
            guard let data = FileManager.default.contents(atPath: path + "/manifest.json"),
                var manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            manifest["directory"] = path
            return manifest
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ body: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
