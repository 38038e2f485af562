import Testing

@testable import SignalingMessages

/// `redirect` (an addition for clusters): exact JSON, round trip, a
/// missing or mistyped `url`, and the `cluster-unavailable` error code.
@Suite struct RedirectMessageTests {
    @Test func exactJSONAndRoundTrip() throws {
        let message = ServerMessage.redirect(url: "ws://10.0.0.2:8080/rtc")
        #expect(message.type == "redirect")
        #expect(message.jsonText() == #"{"type":"redirect","url":"ws:\/\/10.0.0.2:8080\/rtc"}"#
            || message.jsonText() == #"{"type":"redirect","url":"ws://10.0.0.2:8080/rtc"}"#)
        #expect(try ServerMessage(parsing: message.jsonText()) == message)
        #expect(try ServerMessage(parsing: #"{"type":"redirect","url":"wss://b.example/rtc","extra":1}"#)
            == .redirect(url: "wss://b.example/rtc"))
    }

    @Test func badRedirectsAreBadRequests() {
        for frame in [#"{"type":"redirect"}"#, #"{"type":"redirect","url":5}"#] {
            do {
                _ = try ServerMessage(parsing: frame)
                Issue.record("parsed \(frame)")
            } catch {
                #expect(error.code == .badRequest)
                #expect(error.request == "redirect")
            }
        }
    }

    @Test func clusterUnavailableKeepsTheSocketOpen() {
        #expect(SignalingErrorCode.clusterUnavailable.rawValue == "cluster-unavailable")
        #expect(!SignalingErrorCode.clusterUnavailable.closesConnection)
    }
}
