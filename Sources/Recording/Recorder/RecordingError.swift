/// Why a recording could not start or continue, with the path and errno.
public enum RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// mkdir(2) failed (EACCES, EROFS, ENOSPC, a path through a file, ...).
    case cannotCreateDirectory(path: String, errno: Int32)
    /// A media or manifest file could not be written.
    case file(RecordingFileError)
    /// rename(2) of the new manifest over the old one failed.
    case cannotReplace(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let code):
            "cannot create directory \(path): \(RecordingFileError.message(code))"
        case .file(let error): error.description
        case .cannotReplace(let path, let code): "cannot replace \(path): \(RecordingFileError.message(code))"
        }
    }
}
