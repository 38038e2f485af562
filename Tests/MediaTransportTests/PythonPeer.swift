import Foundation
import Testing

/// A Python program from tools/interop run with the project's virtualenv
/// (`.venv`, created by `make test`), talking JSON lines on stdin/stdout.
final class PythonPeer: @unchecked Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending: [UInt8] = []

    /// Starts `tools/interop/<script>` with `arguments`.
    init(script: String, arguments: [String] = []) throws {
        let python = Self.repositoryRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw PythonPeerError.noVirtualenv(python.path)
        }
        process.executableURL = python
        process.arguments = [Self.repositoryRoot.appendingPathComponent("tools/interop/\(script)").path] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    /// The next line the program printed, parsed as a JSON object; throws
    /// when it exits first. The program bounds its own run time.
    func readJSON() async throws -> [String: Any] {
        let line = try await Task.detached { [self] in try self.readLineBlocking() }.value
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw PythonPeerError.notJSON(line)
        }
        return object
    }

    func writeJSON(_ object: [String: Any]) throws {
        var data = try JSONSerialization.data(withJSONObject: object)
        data.append(UInt8(ascii: "\n"))
        input.fileHandleForWriting.write(data)
    }

    func terminate() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    private func readLineBlocking() throws -> String {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw PythonPeerError.exited(String(decoding: pending, as: UTF8.self)) }
            pending += chunk
        }
    }
}

enum PythonPeerError: Error, CustomStringConvertible {
    case noVirtualenv(String)
    case notJSON(String)
    case exited(String)

    var description: String {
        switch self {
        case .noVirtualenv(let path): "no Python virtualenv at \(path): run `make test`, which creates it"
        case .notJSON(let line): "the Python peer printed a line that is not a JSON object: \(line)"
        case .exited(let rest): "the Python peer exited early; last output: \(rest)"
        }
    }
}
