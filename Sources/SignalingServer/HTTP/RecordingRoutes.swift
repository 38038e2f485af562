import Foundation
import Hummingbird
import NIOPosix
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
///   [manifest + directory]}`, oldest first. The directory is read on
///   NIO's blocking-I/O thread pool, not in the handler.
enum RecordingRoutes {
    static func add(to router: some RouterMethods<SwitchboardRequestContext>, controller: RecordingController) {
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
            let directory = controller.configuration.dir
            let manifests = try await NIOThreadPool.singleton.runIfActive { manifestFiles(of: room, in: directory) }
            var body: [String: Any] = ["room": room, "recordings": listing(manifests)]
            body["active"] = controller.activeRecording(of: room)?.id ?? NSNull()
            return json(.ok, body)
        }
    }

    /// The protocol's room names: 1-64 of `[A-Za-z0-9_-]` (so also safe in paths).
    private static func roomName(_ context: SwitchboardRequestContext) throws -> String {
        let room = try context.parameters.require("room")
        let valid = !room.isEmpty && room.count <= 64 && room.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        guard valid else { throw HTTPError(.badRequest, message: "room names are 1-64 of A-Z a-z 0-9 _ -") }
        return room
    }

    /// Every `<dir>/<room>/<id>/manifest.json` with its directory, oldest
    /// first. Blocking: run on the thread pool.
    private static func manifestFiles(of room: String, in directory: String) -> [(directory: String, data: Data)] {
        let roomDirectory = directory + "/" + room
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: roomDirectory)) ?? []
        return ids.sorted().compactMap { id in
            let path = roomDirectory + "/" + id
            return FileManager.default.contents(atPath: path + "/manifest.json").map { (path, $0) }
        }
    }

    /// The manifests as JSON objects, each with its directory.
    private static func listing(_ files: [(directory: String, data: Data)]) -> [[String: Any]] {
        files.compactMap { file in
            guard var manifest = try? JSONSerialization.jsonObject(with: file.data) as? [String: Any] else { return nil }
            manifest["directory"] = file.directory
            return manifest
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ body: [String: Any]) -> Response {
        JSONResponse.make(status, body)
    }
}
