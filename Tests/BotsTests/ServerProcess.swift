import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real server binary of this build, started on ephemeral loopback
/// ports (`serve --http-port 0 --media-port 0 --stun-port 0`); its ready
/// line gives the ports. Killed when the test ends.
final class ServerProcess {
    let process = Process()
    let httpPort: Int

    /// `$SWITCHBOARD_BIN` when set (as for the interop tests: a build in
    /// another scratch path), else the package's `.build/debug/switchboard`.
    static var binary: URL { binary(environment: ProcessInfo.processInfo.environment) }

    static func binary(environment: [String: String]) -> URL {
        if let path = environment["SWITCHBOARD_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/switchboard")
    }

    enum Failure: Error {
        case noBinary(String)
        case notReady(String)
    }

    init() throws {
        let binary = Self.binary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Failure.noBinary("build the server first (or set SWITCHBOARD_BIN): \(binary.path) is missing")
        }
        process.executableURL = binary
        process.arguments = [
            "serve", "--bind", "127.0.0.1", "--http-port", "0", "--media-port", "0", "--stun-port", "0",
            "--workers", "1", "--log-level", "warning",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The ready line, read byte by byte (bounded: 10 s of a silent server fails).
        var line = [UInt8]()
        let handle = output.fileHandleForReading
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let byte = handle.readData(ofLength: 1)
            guard let value = byte.first else { break }
            if value == UInt8(ascii: "\n") { break }
            line.append(value)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let http = text.split(separator: " ").first(where: { $0.hasPrefix("http=") }),
            let port = http.split(separator: ":").last.flatMap({ Int($0) })
        else {
            process.terminate()
            throw Failure.notReady("no ready line: \(text)")
        }
        httpPort = port
    }

    var signalingURL: String { "ws://127.0.0.1:\(httpPort)/rtc" }

    /// The counters of /metrics, by name with labels.
    func metrics() async throws -> [String: Double] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(httpPort)/metrics")!)
        var values: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    deinit {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
    }
}
