#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Errors from recording file I/O, each naming the file and the errno.
public enum RecordingFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// open(2) failed: missing or unwritable directory, a path through a regular file, ...
    case cannotOpen(path: String, errno: Int32)
    /// write(2) failed: disk full (ENOSPC), quota (EDQUOT), I/O error.
    case cannotWrite(path: String, errno: Int32)
    /// pwrite(2) of a finalize patch failed.
    case cannotPatch(path: String, offset: Int64, errno: Int32)
    /// fsync(2) failed.
    case cannotSync(path: String, errno: Int32)
    /// close(2) failed (on NFS and similar, a late write error).
    case cannotClose(path: String, errno: Int32)
    /// The file was closed already.
    case closed(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let code): "cannot open \(path): \(Self.message(code))"
        case .cannotWrite(let path, let code): "cannot write \(path): \(Self.message(code))"
        case .cannotPatch(let path, let offset, let code): "cannot patch \(path) at \(offset): \(Self.message(code))"
        case .cannotSync(let path, let code): "cannot sync \(path): \(Self.message(code))"
        case .cannotClose(let path, let code): "cannot close \(path): \(Self.message(code))"
        case .closed(let path): "\(path) is closed"
        }
    }

    static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}

/// The one piece of I/O of the container writers: a file created (or
/// truncated) and appended to, flushed to the kernel on every `append`
/// (optionally fsynced), patched in place on finalize. Blocking calls: use
/// it off the event loops (the recorder's own thread or task).
public final class RecordingFile {
    public let path: String
    /// Bytes appended so far: the offset of the next append.
    public private(set) var size: Int64 = 0
    private var descriptor: Int32

    /// Creates or truncates `path` (mode 0644).
    public init(path: String) throws(RecordingFileError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        descriptor = fd
    }

    deinit {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
    }

    /// Appends the readable bytes of `buffer` (without consuming them).
    public func append(_ buffer: ByteBuffer) throws(RecordingFileError) {
        let fd = try openDescriptor()
        let result: Int32 = buffer.withUnsafeReadableBytes { bytes in
            var done = 0
            while done < bytes.count {
                let written = write(fd, bytes.baseAddress! + done, bytes.count - done)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                // A zero-length write with bytes left means no progress (treated as disk full).
                if written == 0 { return ENOSPC }
                done += written
            }
            return 0
        }
        guard result == 0 else { throw .cannotWrite(path: path, errno: result) }
        size += Int64(buffer.readableBytes)
    }

    /// Overwrites bytes already written, at an absolute offset (pwrite(2)).
    public func patch(at offset: Int64, bytes: [UInt8]) throws(RecordingFileError) {
        let fd = try openDescriptor()
        let result: Int32 = bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let written = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if written == 0 { return ENOSPC }
                done += written
            }
            return 0
        }
        guard result == 0 else { throw .cannotPatch(path: path, offset: offset, errno: result) }
    }

    /// Applies finalize patches.
    public func apply(_ patches: [ContainerPatch]) throws(RecordingFileError) {
        for patch in patches { try self.patch(at: patch.offset, bytes: patch.bytes) }
    }

    /// Data goes to the kernel on every append, so it survives a process
    /// crash; `flush(sync: true)` also asks for it on disk (fsync(2)), which
    /// survives a machine crash at the cost of a disk round trip.
    public func flush(sync: Bool = false) throws(RecordingFileError) {
        let fd = try openDescriptor()
        guard sync else { return }
        guard fsync(fd) == 0 else { throw .cannotSync(path: path, errno: errno) }
    }

    /// Closes the file; later calls throw `.closed`.
    public func close() throws(RecordingFileError) {
        let fd = try openDescriptor()
        descriptor = -1
        guard closeDescriptor(fd) == 0 else { throw .cannotClose(path: path, errno: errno) }
    }

    private func openDescriptor() throws(RecordingFileError) -> Int32 {
        guard descriptor >= 0 else { throw .closed(path: path) }
        return descriptor
    }
}

/// close(2), named apart from `RecordingFile.close()`.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
