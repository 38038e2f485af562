#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// The few directory and file operations a recording needs besides
/// `RecordingFile`, with typed errors. Blocking: off the event loops.
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
    /// The temporary file is synced before the rename and the directory
    /// after it, so the new version survives a machine crash too.
    static func replace(_ path: String, with bytes: [UInt8]) throws(RecordingError) {
        let temporary = path + ".tmp"
        do throws(RecordingFileError) {
            try write(bytes, to: temporary)
        } catch {
            throw .file(error)
        }
        guard rename(temporary, path) == 0 else { throw .cannotReplace(path: path, errno: errno) }
        do throws(RecordingFileError) {
            try sync(directory: parent(of: path))
        } catch {
            throw .file(error)
        }
    }

    /// Truncates and rewrites `path` in place, synced: not atomic, the last
    /// resort when `replace` failed (a full disk or an unwritable
    /// directory can still leave the existing file writable).
    static func overwrite(_ path: String, with bytes: [UInt8]) throws(RecordingFileError) {
        try write(bytes, to: path)
    }

    /// fsync(2) of a directory: a file's creation or rename in it survives
    /// a machine crash. File systems that cannot sync a directory (EINVAL)
    /// are taken as done.
    static func sync(directory: String) throws(RecordingFileError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: directory, errno: errno) }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 || errno == EINVAL else { throw .cannotSync(path: directory, errno: errno) }
    }

    /// The directory part of `path` ("." when there is none).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func write(_ bytes: [UInt8], to path: String) throws(RecordingFileError) {
        let file = try RecordingFile(path: path)
        try file.append(ByteBuffer(bytes: bytes))
        try file.flush(sync: true)
        try file.close()
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
