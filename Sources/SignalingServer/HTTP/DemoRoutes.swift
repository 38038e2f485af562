import Foundation
import Hummingbird

/// The bundled browser demo: `/` is its page, `/demo/<file>` its scripts
/// and styles, read from the target's resources.
enum DemoRoutes {
    static func add(to router: Router<SwitchboardRequestContext>) {
        router.get("/") { _, _ in try file("index.html") }
        router.get("/demo/:file") { _, context in
            let name = try context.parameters.require("file")
            return try file(name)
        }
    }

    private static let types = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon",
    ]

    private static func file(_ name: String) throws -> Response {
        // Only plain file names from the bundled folder: no paths.
        guard !name.contains("/"), !name.hasPrefix("."),
            let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Demo"),
            let data = FileManager.default.contents(atPath: url.path)
        else { throw HTTPError(.notFound) }
        let type = types[url.pathExtension] ?? "application/octet-stream"
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
