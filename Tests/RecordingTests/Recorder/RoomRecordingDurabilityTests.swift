import Foundation
import NIOCore
import RTP
import Rooms
import Testing
@testable import Recording

/// The recorder against a publisher that never ends a frame, and against
/// a disk that fails: bounded, counted, and the manifest tells the truth.
@Suite struct RoomRecordingDurabilityTests {
    typealias Media = [(track: String, packet: ByteBuffer, arrival: NIODeadline)]
    static let info = RoomRecordingTests.participant

    static func recording(base: String, events: RoomRecordingTests.Events, counters: RecordingCounters, origin: NIODeadline) -> RoomRecording {
        RoomRecording(
            room: "room-1", baseDirectory: base, formats: RecordingFormats(), now: origin, counters: counters,
            onEvent: { event in events.list.withLock { $0.append(event) } }, requestKeyframe: { _ in })
    }

    /// Feeds `media`, servicing every 10 ms of arrival time (and every
    /// 1,000 packets, so a burst fits the queue).
    static func feed(_ media: Media, to recording: RoomRecording, from start: NIODeadline, onAt: [(NIODeadline, () -> Void)] = []) -> NIODeadline {
        let recorder = RoomRecorder(recording: recording)
        var now = start
        var pending = onAt
        for (index, item) in media.enumerated() {
            while let first = pending.first, item.arrival >= first.0 {
                first.1()
                pending.removeFirst()
            }
            recorder.publisherRTP(item.packet, track: item.track, now: item.arrival)
            if item.arrival - now >= .milliseconds(10) || index % 1_000 == 999 {
                now = max(now, item.arrival)
                _ = recording.service(now: now, stopping: false)
            }
        }
        return now
    }

    static func manifest(_ recording: RoomRecording) throws -> RecordingManifest {
        try RecordingManifest(jsonData: try Data(contentsOf: URL(fileURLWithPath: recording.manifestPath)))
    }

    /// 3 s of VP8 with, after frame 29, a "frame" of 5,000 packets of
    /// 1,000 bytes at one timestamp that never ends.
    @Test func anEndlessFrameStaysBoundedAndTheFileDecodes() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = RoomRecordingTests.Events(), counters = RecordingCounters()
        let recording = Self.recording(base: base, events: events, counters: counters, origin: origin)
        recording.inbox.push(.joined(Self.info, at: origin))
        recording.inbox.push(.tracks(Self.info, [RoomRecordingTests.video], at: origin))
        var media: Media = []
        var packetizer = VP8Packetizer(maxPayloadSize: 1_000)
        var sequence: UInt16 = 60_000
        func add(_ payload: ByteBuffer, marker: Bool, timestamp: UInt32, at arrival: NIODeadline) throws {
            let fields = RTPPacketFields(
                marker: marker, payloadType: 96, sequenceNumber: sequence, timestamp: timestamp, ssrc: 0xAAAA, payload: payload)
            media.append(("TR_video", try fields.encoded(), arrival))
            sequence &+= 1
        }
        for (index, frame) in RoomRecordingTests.vp8.enumerated() {
            let arrival = origin + .milliseconds(Int64(index * 1_000 / 30) + 5)
            if index == 30 {
                for piece in 0..<5_000 {
                    let payload = ByteBuffer(bytes: [piece == 0 ? 0x10 : 0x00] + [UInt8](repeating: 0x33, count: 1_000))
                    try add(payload, marker: false, timestamp: 80_000, at: arrival)
                }
            }
            for piece in try packetizer.packetize(ByteBuffer(bytes: frame.bytes)) {
                try add(piece.payload, marker: piece.marker, timestamp: 5_000 &+ UInt32(index * 3_000), at: arrival)
            }
        }
        let now = Self.feed(media, to: recording, from: origin)
        RoomRecorder(recording: recording).detached(now: now)
        #expect(recording.service(now: now + .milliseconds(20), stopping: false))
        #expect(counters.snapshot.oversizeFramesDropped == 1)
        #expect(counters.snapshot.filesFinalized == 1)
        let manifest = try Self.manifest(recording)
        #expect(manifest.state == "finished")
        let file = try #require(manifest.participants.first?.files.first)
        let decoded = try MediaTool.decode(recording.directory + "/" + file.path)
        #expect(decoded.status == 0 && decoded.errors.isEmpty, "\(decoded.errors)")
        // Frames 30-44 wait for the keyframe at 45.
        #expect(decoded.frames[0] == 75, "\(decoded.frames)")
    }

    /// The final manifest cannot be replaced (its temporary name is taken
    /// by a directory): it is marked `failed` in place, and reported.
    @Test func aFailedFinalManifestIsMarkedFailed() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = RoomRecordingTests.Events(), counters = RecordingCounters()
        let recording = Self.recording(base: base, events: events, counters: counters, origin: origin)
        try recording.prepare()
        recording.inbox.push(.joined(Self.info, at: origin))
        recording.inbox.push(.tracks(Self.info, [RoomRecordingTests.audio, RoomRecordingTests.video], at: origin))
        let now = Self.feed(try RoomRecordingTests.media(origin: origin), to: recording, from: origin)
        #expect(try Self.manifest(recording).state == "recording")
        try FileManager.default.createDirectory(atPath: recording.manifestPath + ".tmp", withIntermediateDirectories: false)
        RoomRecorder(recording: recording).detached(now: now)
        #expect(recording.service(now: now, stopping: false))
        let manifest = try Self.manifest(recording)
        #expect(manifest.state == "failed")
        #expect(manifest.ended != nil)
        #expect(manifest.errors.contains { $0.contains("manifest.json.tmp") }, "\(manifest.errors)")
        let list = events.list.withLock { $0 }
        #expect(list.contains { if case .failed = $0 { true } else { false } })
        #expect(list.last == .stopped(room: "room-1", id: recording.id, directory: recording.directory))
        #expect(counters.snapshot.writeFailures >= 1)
        #expect(counters.snapshot.filesFinalized == 1)
    }

    /// The recording's directory disappears before the end: the failure is
    /// reported and counted, and nothing traps.
    @Test func aRemovedDirectoryFailsCleanly() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = RoomRecordingTests.Events(), counters = RecordingCounters()
        let recording = Self.recording(base: base, events: events, counters: counters, origin: origin)
        recording.inbox.push(.joined(Self.info, at: origin))
        recording.inbox.push(.tracks(Self.info, [RoomRecordingTests.audio, RoomRecordingTests.video], at: origin))
        let now = Self.feed(try RoomRecordingTests.media(origin: origin), to: recording, from: origin)
        try FileManager.default.removeItem(atPath: recording.directory)
        #expect(recording.service(now: now, stopping: true))
        #expect(recording.isFinished)
        let list = events.list.withLock { $0 }
        #expect(list.filter { if case .failed = $0 { true } else { false } }.count == 1, "\(list)")
        #expect(list.last == .stopped(room: "room-1", id: recording.id, directory: recording.directory))
        #expect(counters.snapshot.writeFailures >= 2)
        #expect(counters.snapshot.filesFinalized == 0)
    }
}
