import Foundation
import MediaNegotiation
import NIOCore
import RTP
import Rooms
import SDP
import Synchronization
import Testing
@testable import Recording

/// A room recording fed through its sink as a room would, serviced on a
/// manual clock (no thread), checked with the real ffprobe and ffmpeg.
@Suite struct RoomRecordingTests {
    static let participant = ParticipantSnapshot(id: "PA_test", name: "Ann Lee")
    static let audio = SinkTrack(
        id: "TR_audio", kind: .audio, participant: participant, mid: "0",
        codec: MediaCodec(codec: Codec(payloadType: 111, name: "opus", clockRate: 48_000, channels: 2)))
    static let video = SinkTrack(
        id: "TR_video", kind: .video, participant: participant, mid: "1",
        codec: MediaCodec(codec: Codec(payloadType: 96, name: "VP8", clockRate: 90_000), rtxPayloadType: 97))
    static let vp8 = TestMedia.vp8Frames(count: 90, keyframeInterval: 45)
    static let opus = TestMedia.opusPackets(count: 150)

    final class Events: Sendable {
        let list = Mutex<[RecordingEvent]>([])
        let keyframeRequests = Mutex<[String]>([])
    }

    static func recording(base: String, events: Events, queueCapacity: Int = 8_192, origin: NIODeadline) -> RoomRecording {
        RoomRecording(
            room: "room-1", baseDirectory: base, formats: RecordingFormats(), now: origin, queueCapacity: queueCapacity,
            onEvent: { event in events.list.withLock { $0.append(event) } },
            requestKeyframe: { track in events.keyframeRequests.withLock { $0.append(track) } })
    }

    /// 3 s of 30 fps VP8 and 20 ms Opus, in arrival order, each packet with its arrival time.
    static func media(origin: NIODeadline, videoDelay: Int64 = 0) throws -> [(track: String, packet: ByteBuffer, arrival: NIODeadline)] {
        var items: [(String, ByteBuffer, NIODeadline, Int)] = []
        var packetizer = VP8Packetizer(maxPayloadSize: 1_000)
        var sequence: UInt16 = 1_000
        for (index, frame) in vp8.enumerated() {
            let pieces = try packetizer.packetize(ByteBuffer(bytes: frame.bytes))
            for piece in pieces {
                let fields = RTPPacketFields(
                    marker: piece.marker, payloadType: 96, sequenceNumber: sequence, timestamp: 5_000 &+ UInt32(index * 3_000),
                    ssrc: 0xAAAA, payload: piece.payload)
                items.append(("TR_video", try fields.encoded(), origin + .milliseconds(Int64(index * 1_000 / 30) + 5 + videoDelay), items.count))
                sequence &+= 1
            }
        }
        for (index, packet) in opus.enumerated() {
            let fields = RTPPacketFields(
                marker: false, payloadType: 111, sequenceNumber: UInt16(index), timestamp: 777 &+ UInt32(index * 960),
                ssrc: 0xBBBB, payload: ByteBuffer(bytes: packet))
            items.append(("TR_audio", try fields.encoded(), origin + .milliseconds(Int64(index * 20) + 5), items.count))
        }
        items.sort { ($0.2, $0.3) < ($1.2, $1.3) }
        return items.map { ($0.0, $0.1, $0.2) }
    }

    @Test func oneParticipantBecomesOneDecodableWebM() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = Events()
        let recording = Self.recording(base: base, events: events, origin: origin)
        try recording.prepare()
        let recorder = RoomRecorder(recording: recording)
        recorder.participantJoined(Participant(name: Self.participant.name, link: nil).snapshot, now: origin)
        // The sink is fed a snapshot with a fresh id: use the one it reports.
        let joined = try #require(recording.inbox.pop())
        guard case .joined(let info, _) = joined else { Issue.record("expected joined"); return }
        let tracks = [Self.audio, Self.video].map { track -> SinkTrack in
            var copy = track
            copy.participant = info
            return copy
        }
        recording.inbox.push(.joined(info, at: origin))
        recorder.tracksChanged(of: info, tracks: tracks, now: origin)
        var now = origin
        for item in try Self.media(origin: origin) {
            recorder.publisherRTP(item.packet, track: item.track, now: item.arrival)
            if item.arrival - now >= .milliseconds(10) {
                now = item.arrival
                #expect(!recording.service(now: now, stopping: false))
            }
        }
        // An RTX packet and garbage are ignored.
        recorder.publisherRTP(ByteBuffer(bytes: [0x80, 97, 0, 1, 0, 0, 0, 1, 0, 0, 0xAA, 0xAA, 1, 2]), track: "TR_video", now: now)
        recorder.publisherRTP(ByteBuffer(bytes: [1, 2, 3]), track: "TR_video", now: now)
        recorder.detached(now: now)
        #expect(recording.service(now: now + .milliseconds(20), stopping: false))
        #expect(recording.isFinished)

        #expect(events.keyframeRequests.withLock { $0 }.contains("TR_video"))
        let list = events.list.withLock { $0 }
        #expect(list.first == .started(room: "room-1", id: recording.id, directory: recording.directory))
        #expect(list.last == .stopped(room: "room-1", id: recording.id, directory: recording.directory))

        let manifest = try RecordingManifest(jsonData: try Data(contentsOf: URL(fileURLWithPath: recording.manifestPath)))
        #expect(manifest.state == "finished" && manifest.room == "room-1")
        let entry = try #require(manifest.participants.first)
        #expect(entry.name == "Ann Lee" && entry.joinedMs == 0)
        let file = try #require(entry.files.first)
        #expect(file.path == "Ann_Lee-\(info.id).webm")
        #expect(file.tracks.map(\.codec) == ["opus", "vp8"])
        let path = recording.directory + "/" + file.path
        let probe = try MediaTool.probe(path)
        #expect(Set(probe.streams.compactMap { $0["codec_name"] as? String }) == ["vp8", "opus"])
        let duration = try #require(MediaTool.duration(probe.format))
        #expect(abs(duration - 3.0) < 0.1, "duration \(duration)")
        let decoded = try MediaTool.decode(path)
        #expect(decoded.status == 0 && decoded.errors.isEmpty, "\(decoded.errors)")
        #expect(decoded.frames[0] == 90, "video frames \(decoded.frames)")
    }

    /// Video arrives 300 ms after the audio captured with it (an encoder's
    /// delay). Sender reports place both on the sender's clock, so the file
    /// starts with the audio captured with the first video frame; by
    /// arrival alone the first 300 ms of audio would be cut (out of sync).
    @Test(arguments: [true, false]) func senderReportsLineUpAudioAndVideo(withReports: Bool) throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = Events()
        let recording = Self.recording(base: base, events: events, origin: origin)
        let recorder = RoomRecorder(recording: recording)
        let info = Self.participant
        recording.inbox.push(.joined(info, at: origin))
        recorder.tracksChanged(of: info, tracks: [Self.audio, Self.video], now: origin)
        let ntpBase: UInt64 = 3_900_000_000 << 32
        func ntp(milliseconds: Int64) -> UInt64 { ntpBase + (UInt64(milliseconds) << 32) / 1_000 }
        var reported = false
        var now = origin
        for item in try Self.media(origin: origin, videoDelay: 300) {
            if withReports, !reported, item.arrival >= origin + .milliseconds(400) {
                // Captured at 390 ms: audio RTP 777 + 390*48, video 5000 + 390*90.
                recorder.publisherSenderReport(track: "TR_audio", ntpTimestamp: ntp(milliseconds: 390), rtpTimestamp: 777 + 390 * 48, now: item.arrival)
                recorder.publisherSenderReport(track: "TR_video", ntpTimestamp: ntp(milliseconds: 390), rtpTimestamp: 5_000 + 390 * 90, now: item.arrival)
                reported = true
            }
            recorder.publisherRTP(item.packet, track: item.track, now: item.arrival)
            if item.arrival - now >= .milliseconds(10) {
                now = item.arrival
                _ = recording.service(now: now, stopping: false)
            }
        }
        recorder.detached(now: now)
        #expect(recording.service(now: now + .milliseconds(20), stopping: false))
        let manifest = try RecordingManifest(jsonData: try Data(contentsOf: URL(fileURLWithPath: recording.manifestPath)))
        let file = try #require(manifest.participants.first?.files.first)
        let decoded = try MediaTool.decode(recording.directory + "/" + file.path)
        #expect(decoded.status == 0 && decoded.errors.isEmpty, "\(decoded.errors)")
        #expect(decoded.frames[0] == 90)
        // 150 packets of 20 ms: all of them when in sync, 15 fewer when not.
        #expect(decoded.frames[1].map { abs($0 - (withReports ? 150 : 135)) <= 1 } == true, "audio frames \(decoded.frames)")
    }

    /// Audio only first (Ogg), then a renegotiation adds video: the Ogg
    /// file ends and a WebM one starts; the manifest lists both in order.
    @Test func addingVideoStartsASecondFile() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = Events()
        let recording = Self.recording(base: base, events: events, origin: origin)
        let recorder = RoomRecorder(recording: recording)
        let info = Self.participant
        recording.inbox.push(.joined(info, at: origin))
        recorder.tracksChanged(of: info, tracks: [Self.audio], now: origin)
        let media = try Self.media(origin: origin)
        let half = origin + .milliseconds(1_500)
        var now = origin
        var switched = false
        for item in media {
            if !switched, item.arrival >= half {
                recorder.tracksChanged(of: info, tracks: [Self.audio, Self.video], now: item.arrival)
                switched = true
            }
            // Video packets only once video is published.
            if item.track == "TR_video" && !switched { continue }
            recorder.publisherRTP(item.packet, track: item.track, now: item.arrival)
            if item.arrival - now >= .milliseconds(10) {
                now = item.arrival
                _ = recording.service(now: now, stopping: false)
            }
        }
        recorder.participantLeft(info, now: now)
        #expect(recording.service(now: now, stopping: true))
        let manifest = try RecordingManifest(jsonData: try Data(contentsOf: URL(fileURLWithPath: recording.manifestPath)))
        let files = try #require(manifest.participants.first?.files)
        #expect(files.map(\.path) == ["Ann_Lee-PA_test.ogg", "Ann_Lee-PA_test-2.webm"])
        #expect(files.map(\.format) == ["ogg", "webm"])
        let ogg = try MediaTool.probe(recording.directory + "/" + files[0].path)
        #expect(ogg.streams.compactMap { $0["codec_name"] as? String } == ["opus"])
        let oggDuration = try #require(MediaTool.duration(ogg.format))
        #expect(abs(oggDuration - 1.5) < 0.1, "ogg \(oggDuration)")
        // The WebM starts at the first keyframe after the switch (frame 45, 1.5 s).
        #expect(files[1].startMs >= 1_490 && files[1].startMs <= 1_600, "\(files[1])")
        for file in files {
            let decoded = try MediaTool.decode(recording.directory + "/" + file.path)
            #expect(decoded.status == 0 && decoded.errors.isEmpty, "\(file.path): \(decoded.errors)")
        }
    }

    @Test func aFullQueueDropsMediaAndReportsAGap() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = Events()
        let recording = Self.recording(base: base, events: events, queueCapacity: 256, origin: origin)
        let recorder = RoomRecorder(recording: recording)
        let packet = ByteBuffer(bytes: [0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0xAA, 0xAA, 1, 2])
        for _ in 0..<300 { recorder.publisherRTP(packet, track: "TR_video", now: origin) }
        // Membership still fits in the reserve.
        recorder.participantLeft(Self.participant, now: origin)
        #expect(recording.inbox.dropped.load(ordering: .relaxed) == 300 - (256 - RecorderInbox.controlReserve))
        #expect(!recording.service(now: origin, stopping: false))
        #expect(events.list.withLock { $0 }.contains(.gap(room: "room-1", id: recording.id, droppedPackets: 108)))
        #expect(recording.service(now: origin, stopping: true))
        let manifest = try RecordingManifest(jsonData: try Data(contentsOf: URL(fileURLWithPath: recording.manifestPath)))
        #expect(manifest.gaps == [.init(atMs: 0, droppedPackets: 108)])
    }

    @Test func anUnwritableDirectoryIsATypedError() throws {
        let base = try MediaTool.temporaryDirectory()
        _ = FileManager.default.createFile(atPath: base + "/file", contents: Data("x".utf8))
        let events = Events()
        let recording = Self.recording(base: base + "/file/recordings", events: events, origin: .now())
        #expect(throws: RecordingError.cannotCreateDirectory(path: base + "/file", errno: ENOTDIR)) { try recording.prepare() }
        #expect(recording.service(now: .now(), stopping: false))
        let list = events.list.withLock { $0 }
        guard case .failed(_, _, let message)? = list.first else {
            Issue.record("no failure event: \(list)")
            return
        }
        #expect(message.contains("Not a directory"))
    }
}
