import Foundation
import NIOCore
import Recording
import Testing

@Suite struct RecordingFileTests {
    @Test func appendsPatchesAndCloses() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/file.bin"
        let file = try RecordingFile(path: path)
        try file.append(ByteBuffer(bytes: [1, 2, 3, 4, 5]))
        try file.append(ByteBuffer(bytes: [6, 7]))
        try file.flush(sync: true)
        #expect(file.size == 7)
        try file.apply([ContainerPatch(offset: 1, bytes: [0xAA, 0xBB]), ContainerPatch(offset: 6, bytes: [0xCC])])
        try file.close()
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == [1, 0xAA, 0xBB, 4, 5, 6, 0xCC])
        #expect(throws: RecordingFileError.closed(path: path)) { try file.append(ByteBuffer(bytes: [1])) }
        #expect(throws: RecordingFileError.closed(path: path)) { try file.close() }

        // Opening again truncates.
        let again = try RecordingFile(path: path)
        try again.close()
        #expect(FileManager.default.contents(atPath: path)?.count == 0)
    }

    @Test func pathUnderARegularFileIsATypedError() throws {
        let directory = try MediaTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let regular = directory + "/not-a-directory"
        #expect(FileManager.default.createFile(atPath: regular, contents: Data([1])))
        let path = regular + "/participant.webm"
        #expect(throws: RecordingFileError.cannotOpen(path: path, errno: ENOTDIR)) { try RecordingFile(path: path) }
        do {
            _ = try RecordingFile(path: path)
        } catch {
            #expect(error.description == "cannot open \(path): Not a directory (errno \(ENOTDIR))")
        }
        #expect(throws: RecordingFileError.cannotOpen(path: directory + "/missing/x.ogg", errno: ENOENT)) {
            try RecordingFile(path: directory + "/missing/x.ogg")
        }
    }

    @Test func diskFullIsATypedError() throws {
        // /dev/full answers every write with ENOSPC.
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
        let file = try RecordingFile(path: "/dev/full")
        #expect(throws: RecordingFileError.cannotWrite(path: "/dev/full", errno: ENOSPC)) {
            try file.append(ByteBuffer(bytes: [1, 2, 3]))
        }
        try file.close()
    }
}
