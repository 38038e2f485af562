import SDP
import SignalingMessages
import Testing

@testable import SignalingServer

/// A far node's (or another shard's) subscribe offer split into the
/// publish offers of the participants it carries.
@Suite struct StandInOfferTests {
    /// P sends audio (mid 0) and a three-layer video (mids 1-3); Q one video (mid 4).
    static func split() throws -> StandInOffer {
        let offer = try SessionDescription(
            parsing: RelayOfferMergeTests.offer + RelayOfferMergeTests.section(mid: "4", kind: "video", ssrc: 50, rtx: 51))
        let tracks = [
            TrackInfo(id: "PA", kind: .audio, participant: "P", mid: "0"),
            TrackInfo(id: "PV#q", kind: .video, participant: "P", mid: "1"),
            TrackInfo(id: "PV#h", kind: .video, participant: "P", mid: "2"),
            TrackInfo(id: "PV#f", kind: .video, participant: "P", mid: "3"),
            TrackInfo(id: "QV", kind: .video, participant: "Q", mid: "4"),
        ]
        return StandInOffer(offer: offer, tracks: tracks)
    }

    @Test func eachParticipantGetsItsOwnMLinesAndSSRCs() throws {
        let split = try Self.split()
        #expect(split.participantIDs == ["P", "Q"])
        #expect(split.trackIDs["1"] == "PV", "a layer publishes under its merged track's id")
        let p = split.share(of: "P")
        #expect(p.media.map(\.isRejected) == [false, false, true, true, true])
        #expect(p.media[1].simulcastSSRCs == [20, 30, 40])
        #expect(p.media[4].ssrcs.isEmpty)
        let q = split.share(of: "Q")
        #expect(q.media.map(\.isRejected) == [true, true, true, true, false])
        #expect(q.media.filter { !$0.isRejected }.flatMap(\.ssrcs).sorted() == [50, 51])
    }

    @Test func nobodysShareRejectsEverything() throws {
        let none = try Self.split().share(of: nil)
        #expect(none.media.allSatisfy { $0.isRejected && $0.ssrcs.isEmpty })
        #expect(none.media.count == 5, "the m-lines stay, in order")
    }
}
