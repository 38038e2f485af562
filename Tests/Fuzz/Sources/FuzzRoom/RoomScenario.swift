import FuzzSupport
import MediaNegotiation
import NIOCore
import Rooms
import SDP

/// A room of three members on a manual clock, driven one operation at a
/// time: Alice publishes Chromium simulcast and Bob and Carol answer its
/// subscribe offers; any of them can then (re)publish, answer, leave and
/// rejoin. The links and participants are kept here (the room holds
/// links weakly).
final class RoomScenario {
    struct Member {
        var participant: Participant
        let link: CountingLink
    }

    static let transport = ServerTransportParameters(
        iceUfrag: "pubU", icePassword: "publishpassword012345678",
        fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0x22, count: 32)),
        candidateAddress: "127.0.0.1", candidatePort: 50_000)

    let room = Room(name: "fuzz", limits: RoomLimits(maxParticipants: 4, maxTracksPerParticipant: 4))
    var members: [Member]
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    /// Next sequence number, timestamp and transport-wide number the fuzzer's
    /// publishers use, per SSRC (bounded: SSRCs come from a fixed set).
    var sequences: [UInt32: UInt16] = [:]
    var timestamps: [UInt32: UInt32] = [:]
    var transportSequence: UInt16 = 0
    /// Weak references to the room, every participant and every track it
    /// had: once everyone left and the scenario is gone, none may live on
    /// (a reference cycle would keep a server's rooms forever).
    private(set) var probes: [() -> AnyObject?] = []

    init() {
        members = ["alice", "bob", "carol"].map { name in
            let link = CountingLink()
            return Member(participant: Participant(name: name, link: link), link: link)
        }
        probe(room)
        for member in members { rejoin(member) }
        // Kept small: setting up dominates the time of one input.
        publish(0, offer: 0)
        answer(1, dropRTX: false)
        answer(2, dropRTX: false)
    }

    func member(_ selector: UInt8) -> Member { members[Int(selector) % members.count] }

    private func probe(_ object: AnyObject) {
        probes.append { [weak object] in object }
    }

    private func rejoin(_ member: Member) {
        probe(member.participant)
        guard (try? room.join(member.participant)) != nil else { return }
        room.startSubscriptions(of: member.participant)
    }

    /// Leaves the room, or comes back as a new participant (a reconnect)
    /// with a fresh link state.
    func leaveOrRejoin(_ index: Int) {
        let old = members[index]
        if old.participant.room != nil {
            room.leave(old.participant)
            return
        }
        old.link.pendingOffer = nil
        old.link.offeredSSRCs = []
        old.link.lastSequence = [:]
        members[index].participant = Participant(name: old.participant.name, link: old.link)
        rejoin(members[index])
    }

    func publish(_ index: Int, offer: UInt8) {
        let offers = PublishOffers.all
        _ = try? room.publish(
            members[index].participant, offer: offers[Int(offer) % offers.count], transport: Self.transport,
            preferences: CodecPreferences())
        for track in members[index].participant.tracks { probe(track) }
    }

    /// Answers the member's pending subscribe offer, if any.
    func answer(_ index: Int, dropRTX: Bool) {
        guard let offer = members[index].link.takeOffer() else { return }
        let client = SubscribeAnswerBuilder(
            ufrag: "cliU", password: "clientpassword0123456789",
            fingerprint: Fingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0xAB, count: 32)), dropRTX: dropRTX)
        try? room.applyAnswer(members[index].participant, answer: client.answer(offer, sessionID: 99), now: now)
    }

    func advance(milliseconds: Int64) {
        now = now + .milliseconds(milliseconds)
        room.tick(now: now)
    }

    /// Forgets the room the way the server does when everyone disconnects.
    func tearDown() {
        for member in members { room.leave(member.participant) }
    }
}

extension RoomScenario {
    /// SSRCs a publisher's packet may carry: the ones its offer announced
    /// and, for rid layers (which announce none), one per track, layer and
    /// repair flag, learned by the room from the MID and RID extensions.
    static func ridSSRC(track: Int, layer: Int, repair: Bool) -> UInt32 {
        0x5EED_0000 | UInt32(track & 0xF) << 8 | UInt32(layer & 0xF) << 4 | (repair ? 1 : 0)
    }

    func knownSSRCs(of publisher: Participant) -> [UInt32] {
        var ssrcs: [UInt32] = []
        for (index, track) in publisher.tracks.enumerated() {
            ssrcs += [track.media.ssrc, track.media.rtxSSRC].compactMap { $0 } + track.media.simulcastSSRCs
            for layer in track.media.rids.indices {
                ssrcs += [false, true].map { Self.ridSSRC(track: index, layer: layer, repair: $0) }
            }
        }
        return ssrcs
    }

    func nextSequence(_ ssrc: UInt32, step: Int8) -> UInt16 {
        let next = (sequences[ssrc] ?? 1_000) &+ UInt16(bitPattern: Int16(step))
        sequences[ssrc] = next
        return next
    }

    func nextTimestamp(_ ssrc: UInt32, step: UInt8) -> UInt32 {
        let next = (timestamps[ssrc] ?? 90_000) &+ UInt32(step) &* 90
        timestamps[ssrc] = next
        return next
    }

    /// Overwrites the 32-bit field at `offset` with `ssrc` (an SSRC the
    /// room knows, so raw bytes reach past the lookup).
    static func patch(_ bytes: inout [UInt8], at offset: Int, with ssrc: UInt32) {
        guard bytes.count >= offset + 4 else { return }
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: ssrc >> (24 - 8 * index)) }
    }
}
