// The Rooms forwarding path in a release build: one publisher (VP8 video
// and Opus audio) and N subscribers whose links only count packets (no
// sockets, no SRTP), fed pre-made RTP packets through
// `Room.handlePublisherRTP`. `make bench` runs it; reports the thread's CPU
// nanoseconds per packet per subscriber (the median of 7 rounds; CPU time,
// since the machines it runs on are shared). Preloaded with the counter of
// bench/malloc-count, it also reports allocations per packet.
import BenchSupport
import Foundation
import MediaNegotiation
import NIOCore
import Rooms
import SDP

/// The Chromium publish offer of the SDP tests: Opus, VP8 and others, one
/// SSRC per m-line.
func publishOffer() -> SessionDescription {
    let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/SDPTests/Fixtures/chromium-publish.sdp")
    guard let text = try? String(contentsOf: fixture, encoding: .utf8),
        let offer = try? SessionDescription(parsing: text)
    else { fatalError("cannot read \(fixture.path)") }
    return offer
}

/// A room with one publisher and `subscribers` subscribers, every
/// subscription answered.
func makeRoom(subscribers: Int, now: NIODeadline) -> (Room, Participant, [CountingLink]) {
    let room = Room(name: "bench", limits: RoomLimits(maxParticipants: subscribers + 1))
    let publisher = Participant(name: "publisher", link: CountingLink())
    let links = (0..<subscribers).map { _ in CountingLink() }
    let members = links.enumerated().map { Participant(name: "subscriber\($0.offset)", link: $0.element) }
    do {
        _ = try room.join(publisher)
        for member in members { _ = try room.join(member) }
        let transport = ServerTransportParameters(
            iceUfrag: "pubU", icePassword: "publishpassword012345678",
            fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0x22, count: 32)),
            candidateAddress: "127.0.0.1", candidatePort: 50_000)
        _ = try room.publish(publisher, offer: publishOffer(), transport: transport, preferences: CodecPreferences())
        let client = SubscribeAnswerBuilder(
            ufrag: "cliU", password: "clientpassword0123456789",
            fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0xAB, count: 32)),
            setup: .active, dropRTX: false)
        for (member, link) in zip(members, links) {
            guard let sdp = link.offers.last else { fatalError("no subscribe offer") }
            try room.applyAnswer(member, answer: client.answer(SessionDescription(parsing: sdp), sessionID: 99), now: now)
            room.subscriberConnected(member, now: now)
        }
    } catch {
        fatalError("room setup failed: \(error)")
    }
    return (room, publisher, links)
}

var start = NIODeadline.uptimeNanoseconds(1_000_000_000)
var allocationRows: [String] = []
print("| subscribers | CPU ns / packet / subscriber | CPU ns / packet | fastest | slowest | forwarded / sent |")
print("| ---: | ---: | ---: | ---: | ---: | ---: |")
for subscribers in [1, 10, 40] {
    let (room, publisher, links) = makeRoom(subscribers: subscribers, now: start)
    guard let video = room.publishedTracks.first(where: { $0.kind == .video }),
        let audio = room.publishedTracks.first(where: { $0.kind == .audio }),
        let videoSSRC = video.media.ssrc, let audioSSRC = audio.media.ssrc,
        let videoPT = video.media.codecs.first?.payloadType, let audioPT = audio.media.codecs.first?.payloadType
    else { fatalError("publish did not produce an audio and a video track") }
    let packets = PublisherPackets(
        videoSSRC: videoSSRC, videoPayloadType: videoPT, audioSSRC: audioSSRC, audioPayloadType: audioPT)
    // 4 video packets to 1 audio packet, 1 ms apart; fewer per round with
    // more subscribers so each round takes a similar time.
    let iterations = 200_000 / subscribers
    var sent = 0
    var videoIndex = 0
    var audioIndex = 0
    var now = start
    func step(_ index: Int) {
        now = now + .milliseconds(1)
        if index % 5 == 4 {
            room.handlePublisherRTP(from: publisher, packet: packets.audio[audioIndex], now: now)
            audioIndex = (audioIndex + 1) & 0xFFFF
        } else {
            room.handlePublisherRTP(from: publisher, packet: packets.video[videoIndex], now: now)
            videoIndex = (videoIndex + 1) & 0xFFFF
        }
        sent += 1
    }
    let result = measureCPUTime("\(subscribers) subscribers", iterations: iterations, step)
    let forwarded = links.reduce(0) { $0 + $1.rtpPackets }
    let measured = sent
    // One more round in the same steady state, counting allocations.
    if let before = AllocationCounter.count {
        for index in 0..<iterations { step(index) }
        let allocations = Double((AllocationCounter.count ?? before) - before)
        let delivered = Double(links.reduce(0) { $0 + $1.rtpPackets } - forwarded)
        allocationRows.append(
            "| \(subscribers) | \(String(format: "%.3f", allocations / Double(iterations))) "
                + "| \(String(format: "%.3f", allocations / delivered)) |")
    }
    let perSubscriber = result.nanosecondsPerOperation / Double(subscribers)
    print(
        "| \(subscribers) | \(String(format: "%.1f", perSubscriber)) | \(String(format: "%.0f", result.nanosecondsPerOperation)) "
            + "| \(String(format: "%.0f", result.fastest)) | \(String(format: "%.0f", result.slowest)) "
            + "| \(forwarded) / \(measured * subscribers) |")
    start = now
}
if !allocationRows.isEmpty {
    print("")
    print("| subscribers | allocations / input packet | allocations / forwarded packet |")
    print("| ---: | ---: | ---: |")
    for row in allocationRows { print(row) }
}
