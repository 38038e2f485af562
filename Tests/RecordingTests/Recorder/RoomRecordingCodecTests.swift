import Foundation
import MediaNegotiation
import NIOCore
import RTP
import Rooms
import SDP
import Testing
@testable import Recording

/// The recorder with H.264 (Matroska) and with a disk that fills up.
@Suite struct RoomRecordingCodecTests {
    static let participant = ParticipantSnapshot(id: "PA_h264", name: "Cam")
    static let h264 = SinkTrack(
        id: "TR_h264", kind: .video, participant: participant, mid: "0",
        codec: MediaCodec(codec: Codec(
            payloadType: 102, name: "H264", clockRate: 90_000,
            parameterText: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f")))

    /// 2 s of 30 fps baseline H.264 from ffmpeg's libx264, as Annex B access units.
    static func accessUnits(directory: String) throws -> [[UInt8]] {
        let source = directory + "/source.h264"
        let encoded = try MediaTool.run("ffmpeg", [
            "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "2",
            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline", "-g", "30",
            "-x264-params", "aud=1", "-f", "h264", source,
        ])
        try #require(encoded.status == 0, "ffmpeg could not make H.264: \(encoded.errors)")
        let stream = try #require(FileManager.default.contents(atPath: source))
        var units: [[UInt8]] = []
        for unit in H264RecordingTests.nalUnits(Array(stream)) where !unit.isEmpty {
            if unit[0] & 0x1F == 9 || units.isEmpty { units.append([]) }
            units[units.count - 1] += [0, 0, 0, 1] + unit
        }
        return units
    }

    @Test func h264BecomesADecodableMatroskaFile() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let recording = RoomRecording(
            room: "cams", baseDirectory: base, formats: RecordingFormats(), now: origin, onEvent: { _ in },
            requestKeyframe: { _ in })
        let recorder = RoomRecorder(recording: recording)
        recording.inbox.push(.joined(Self.participant, at: origin))
        recorder.tracksChanged(of: Self.participant, tracks: [Self.h264], now: origin)
        let packetizer = H264Packetizer(maxPayloadSize: 1_000)
        var sequence: UInt16 = 40_000
        var now = origin
        let units = try Self.accessUnits(directory: base)
        #expect(units.count == 60)
        for (index, unit) in units.enumerated() {
            now = origin + .milliseconds(Int64(index * 1_000 / 30))
            for piece in try packetizer.packetize(annexB: ByteBuffer(bytes: unit)) {
                let fields = RTPPacketFields(
                    marker: piece.marker, payloadType: 102, sequenceNumber: sequence, timestamp: UInt32(index * 3_000),
                    ssrc: 0xC0DE, payload: piece.payload)
                recorder.publisherRTP(try fields.encoded(), track: "TR_h264", now: now)
                sequence &+= 1
            }
            _ = recording.service(now: now, stopping: false)
        }
        recorder.detached(now: now)
        #expect(recording.service(now: now, stopping: false))
        let manifest = try RecordingManifest(jsonData: try Data(contentsOf: URL(fileURLWithPath: recording.manifestPath)))
        let file = try #require(manifest.participants.first?.files.first)
        #expect(file.path == "Cam-PA_h264.mkv" && file.format == "matroska")
        let path = recording.directory + "/" + file.path
        let probe = try MediaTool.probe(path)
        #expect(probe.streams.compactMap { $0["codec_name"] as? String } == ["h264"])
        let duration = try #require(MediaTool.duration(probe.format))
        #expect(abs(duration - 2.0) < 0.1, "duration \(duration)")
        let decoded = try MediaTool.decode(path)
        #expect(decoded.status == 0 && decoded.errors.isEmpty, "\(decoded.errors)")
        #expect(decoded.frames[0] == 60)
    }

    /// The participant's file is a link to /dev/full: every write fails with
    /// ENOSPC. The recording reports it (event, manifest) and carries on.
    @Test func aFullDiskIsReportedOnceAndNothingTraps() throws {
        let base = try MediaTool.temporaryDirectory()
        let origin = NIODeadline.uptimeNanoseconds(10_000_000_000)
        let events = RoomRecordingTests.Events()
        let recording = RoomRecordingTests.recording(base: base, events: events, origin: origin)
        try recording.prepare()
        try FileManager.default.createSymbolicLink(
            atPath: recording.directory + "/Ann_Lee-PA_test.webm", withDestinationPath: "/dev/full")
        let recorder = RoomRecorder(recording: recording)
        recording.inbox.push(.joined(RoomRecordingTests.participant, at: origin))
        recorder.tracksChanged(
            of: RoomRecordingTests.participant, tracks: [RoomRecordingTests.audio, RoomRecordingTests.video], now: origin)
        var now = origin
        for item in try RoomRecordingTests.media(origin: origin) {
            recorder.publisherRTP(item.packet, track: item.track, now: item.arrival)
            if item.arrival - now >= .milliseconds(10) {
                now = item.arrival
                _ = recording.service(now: now, stopping: false)
            }
        }
        recorder.detached(now: now)
        #expect(recording.service(now: now, stopping: false))
        let failures = events.list.withLock { $0 }.filter {
            if case .failed = $0 { return true }
            return false
        }
        #expect(failures.count == 1, "\(failures)")
        if case .failed(_, _, let message)? = failures.first { #expect(message.contains("No space left on device")) }
        let manifest = try RecordingManifest(jsonData: try Data(contentsOf: URL(fileURLWithPath: recording.manifestPath)))
        #expect(manifest.state == "failed")
        #expect(manifest.errors.count == 1)
        #expect(manifest.participants.first?.files.first?.error?.contains("No space left on device") == true)
    }
}
