import Foundation
import NIOCore
import RTP
import Rooms
import Testing
@testable import Recording

/// A participant whose file failed (here: a link to /dev/full, every
/// write ENOSPC) is recorded again in its next file.
@Suite struct RoomRecordingRetryTests {
    typealias Durability = RoomRecordingDurabilityTests
    static let info = RoomRecordingTests.participant

    /// The participant's first file fails; adding video (a tracks change)
    /// starts the next file at once, and that one is whole.
    @Test func theNextFileAfterATracksChangeIsRecorded() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = RoomRecordingTests.Events(), counters = RecordingCounters()
        let recording = Durability.recording(base: base, events: events, counters: counters, origin: origin)
        try recording.prepare()
        try FileManager.default.createSymbolicLink(
            atPath: recording.directory + "/Ann_Lee-PA_test.ogg", withDestinationPath: "/dev/full")
        recording.inbox.push(.joined(Self.info, at: origin))
        recording.inbox.push(.tracks(Self.info, [RoomRecordingTests.audio], at: origin))
        // Video is published from 1.5 s on (its packets before that are not sent).
        let switchAt = origin + .milliseconds(1_500)
        let media = try RoomRecordingTests.media(origin: origin).filter { $0.track == "TR_audio" || $0.arrival >= switchAt }
        let now = Durability.feed(media, to: recording, from: origin, onAt: [(switchAt, {
            recording.inbox.push(.tracks(Self.info, [RoomRecordingTests.audio, RoomRecordingTests.video], at: switchAt))
        })])
        RoomRecorder(recording: recording).participantLeft(Self.info, now: now)
        #expect(recording.service(now: now, stopping: true))
        let manifest = try Durability.manifest(recording)
        let files = try #require(manifest.participants.first?.files)
        #expect(files.map(\.path) == ["Ann_Lee-PA_test.ogg", "Ann_Lee-PA_test-2.webm"])
        #expect(files[0].error?.contains("No space left on device") == true)
        #expect(files[1].error == nil && files[1].durationMs != nil)
        #expect(manifest.state == "failed" && manifest.errors.count == 1)
        let decoded = try MediaTool.decode(recording.directory + "/" + files[1].path)
        #expect(decoded.status == 0 && decoded.errors.isEmpty, "\(decoded.errors)")
        #expect(decoded.frames[0] == 45, "\(decoded.frames)")
        #expect(counters.snapshot.writeFailures == 1 && counters.snapshot.filesFinalized == 1)
    }

    /// Without a tracks change, the next file is tried after the retry delay.
    @Test func theNextFileIsTriedAfterTheRetryDelay() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = RoomRecordingTests.Events(), counters = RecordingCounters()
        let recording = Durability.recording(base: base, events: events, counters: counters, origin: origin)
        try recording.prepare()
        try FileManager.default.createSymbolicLink(
            atPath: recording.directory + "/Ann_Lee-PA_test.ogg", withDestinationPath: "/dev/full")
        recording.inbox.push(.joined(Self.info, at: origin))
        recording.inbox.push(.tracks(Self.info, [RoomRecordingTests.audio], at: origin))
        var media: Durability.Media = []
        for (index, packet) in TestMedia.opusPackets(count: 600).enumerated() {
            let fields = RTPPacketFields(
                payloadType: 111, sequenceNumber: UInt16(index), timestamp: UInt32(index * 960), ssrc: 0xBBBB,
                payload: ByteBuffer(bytes: packet))
            media.append(("TR_audio", try fields.encoded(), origin + .milliseconds(Int64(index * 20))))
        }
        let now = Durability.feed(media, to: recording, from: origin)
        RoomRecorder(recording: recording).detached(now: now)
        #expect(recording.service(now: now + .milliseconds(20), stopping: false))
        let files = try #require(try Durability.manifest(recording).participants.first?.files)
        #expect(files.map(\.path) == ["Ann_Lee-PA_test.ogg", "Ann_Lee-PA_test-2.ogg"])
        let retried = files[1].startMs - (files[0].endMs ?? 0)
        #expect(retried >= ParticipantRecording.firstRetryDelay && retried < ParticipantRecording.firstRetryDelay + 100, "\(files)")
        let decoded = try MediaTool.decode(recording.directory + "/" + files[1].path)
        #expect(decoded.status == 0 && decoded.errors.isEmpty, "\(decoded.errors)")
        #expect((decoded.frames[0] ?? 0) > 200, "\(decoded.frames)")
        #expect(events.list.withLock { $0 }.filter { if case .failed = $0 { true } else { false } }.count == 1)
    }
}
