import Foundation
import Testing

/// Runs ffprobe / ffmpeg from the system (Debian's ffmpeg package).
enum MediaTool {
    struct Result {
        var status: Int32
        var output: Data
        var errors: String
    }

    static func path(_ tool: String) throws -> String {
        let path = "/usr/bin/\(tool)"
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "\(path) is missing: install ffmpeg (apt-get install -y ffmpeg; `make test` does it)")
        return path
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(tool))
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes before waiting so a full pipe cannot block the tool.
        nonisolated(unsafe) var errorData = Data()
        let reader = Thread { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1_000) }
        return Result(status: process.terminationStatus, output: outputData, errors: String(decoding: errorData, as: UTF8.self))
    }

    /// `ffprobe -show_streams -show_format` as JSON.
    static func probe(_ file: String) throws -> (streams: [[String: Any]], format: [String: Any]) {
        let result = try run("ffprobe", ["-v", "error", "-show_streams", "-show_format", "-of", "json", file])
        #expect(result.status == 0, "ffprobe \(file): \(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.output) as? [String: Any])
        let streams = json["streams"] as? [[String: Any]] ?? []
        let format = json["format"] as? [String: Any] ?? [:]
        return (streams, format)
    }

    /// Decodes every frame; returns ffmpeg's status, stderr and decoded frames per stream index.
    static func decode(_ file: String) throws -> (status: Int32, errors: String, frames: [Int: Int]) {
        let result = try run("ffmpeg", ["-nostdin", "-v", "error", "-i", file, "-f", "framemd5", "-"])
        var frames: [Int: Int] = [:]
        for line in String(decoding: result.output, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            if let stream = Int(line.split(separator: ",").first?.trimmingCharacters(in: .whitespaces) ?? "") {
                frames[stream, default: 0] += 1
            }
        }
        return (result.status, result.errors, frames)
    }

    static func duration(_ format: [String: Any]) -> Double? {
        (format["duration"] as? String).flatMap(Double.init)
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "switchboard-recording-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
