import Foundation
import Testing

@testable import SignalingMessages

/// The messages of the quality features: `track-settings` from clients;
/// `track-paused`, `track-resumed`, `active-speaker`, `layers-wanted` from
/// the server. Exact JSON, round trips and bad input.
@Suite struct QualityMessageTests {
    static let server: [(ServerMessage, String)] = [
        (.trackPaused(track: "t2"), #"{"type":"track-paused","track":"t2"}"#),
        (.trackResumed(track: "t2"), #"{"type":"track-resumed","track":"t2"}"#),
        (.activeSpeaker(participants: ["p2", "p1"]), #"{"type":"active-speaker","participants":["p2","p1"]}"#),
        (.activeSpeaker(participants: []), #"{"type":"active-speaker","participants":[]}"#),
        (.layersWanted(track: "t2", rids: ["q", "h"]), #"{"type":"layers-wanted","rids":["q","h"],"track":"t2"}"#),
    ]

    static let client: [(ClientMessage, String)] = [
        (.trackSettings(TrackSettings(track: "t2", quality: .low)), #"{"type":"track-settings","quality":"low","track":"t2"}"#),
        (
            .trackSettings(TrackSettings(track: "t2", width: 320, height: 180, enabled: true)),
            #"{"type":"track-settings","enabled":true,"height":180,"track":"t2","width":320}"#
        ),
        (.trackSettings(TrackSettings(track: "t2", enabled: false)), #"{"type":"track-settings","enabled":false,"track":"t2"}"#),
    ]

    @Test func serverMessagesExactJSONAndRoundTrip() throws {
        for (message, text) in Self.server {
            #expect(message.jsonText() == text)
            #expect(try ServerMessage(parsing: text) == message)
        }
        #expect(ServerMessage.TypeName.all.count == Set(ServerMessage.TypeName.all).count)
    }

    @Test func clientMessagesExactJSONAndRoundTrip() throws {
        for (message, text) in Self.client {
            #expect(message.jsonText() == text)
            #expect(try ClientMessage(parsing: text) == message)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(object["track"] as? String == "t2")
        }
        // Null reads as absent, unknown fields are ignored.
        #expect(
            try ClientMessage(parsing: #"{"type":"track-settings","track":"t","quality":null,"fps":30}"#)
                == .trackSettings(TrackSettings(track: "t")))
    }

    @Test func badTrackSettingsAreBadRequests() {
        let frames = [
            #"{"type":"track-settings"}"#,
            #"{"type":"track-settings","track":""}"#,
            #"{"type":"track-settings","track":7}"#,
            #"{"type":"track-settings","track":"t","quality":"ultra"}"#,
            #"{"type":"track-settings","track":"t","quality":1}"#,
            #"{"type":"track-settings","track":"t","width":0}"#,
            #"{"type":"track-settings","track":"t","height":100000}"#,
            #"{"type":"track-settings","track":"t","width":"320"}"#,
            #"{"type":"track-settings","track":"t","enabled":"no"}"#,
        ]
        for frame in frames {
            var caught: SignalingError?
            do { _ = try ClientMessage(parsing: frame) } catch { caught = error }
            #expect(caught?.code == .badRequest, "\(frame)")
            #expect(caught?.request == "track-settings", "\(frame)")
        }
    }
}
