#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// The few directory and file operations a recording needs besides
/// `RecordingFile`, with typed errors.
enum RecordingDirectory {
    /// Creates `path` and its missing parents (mode 0755), like `mkdir -p`.
    static func create(_ path: String) throws(RecordingError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 {
                let code = errno
                var info = stat()
                guard code == EEXIST, stat(prefix, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw .cannotCreateDirectory(path: prefix, errno: code == EEXIST ? ENOTDIR : code)
                }
            }
            prefix += "/"
        }
    }

    /// Writes `bytes` to `path` through a temporary file renamed over it,
    /// so a reader (or a crash) sees the old version or the new, never half.
    static func replace(_ path: String, with bytes: [UInt8]) throws(RecordingError) {
        let temporary = path + ".tmp"
        do throws(RecordingFileError) {
            let file = try RecordingFile(path: temporary)
            try file.append(ByteBuffer(bytes: bytes))
            try file.close()
        } catch {
            throw .file(error)
        }
        guard rename(temporary, path) == 0 else { throw .cannotReplace(path: path, errno: errno) }
    }

    /// A name safe as a file-name part: letters, digits, `-` and `_`; the
    /// rest becomes `_`; at most 64 characters.
    static func safeName(_ text: String) -> String {
        let allowed = text.unicodeScalars.prefix(64).map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": Character(scalar)
            default: "_"
            }
        }
        return allowed.isEmpty ? "_" : String(allowed)
    }
}
