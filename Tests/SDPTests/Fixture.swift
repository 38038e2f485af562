import Foundation
import SDP

/// The SDP offers captured by tools/capture-sdp-fixtures.
enum Fixture: String, CaseIterable, CustomStringConvertible {
    case chromiumPublish = "chromium-publish"
    case chromiumSimulcast = "chromium-simulcast"
    case chromiumRecvonly = "chromium-recvonly"
    case firefoxAudioVideo = "firefox-audio-video"
    case firefoxSimulcast = "firefox-simulcast"
    case aiortcAudioVideo = "aiortc-audio-video"

    var description: String { rawValue }

    var isChromium: Bool { rawValue.hasPrefix("chromium") }

    /// The file's text as captured (CRLF line ends).
    var text: String {
        guard let url = Bundle.module.url(forResource: rawValue, withExtension: "sdp", subdirectory: "Fixtures"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("missing fixture \(rawValue).sdp") }
        return text
    }

    func parsed() throws -> SessionDescription {
        try SessionDescription(parsing: text)
    }
}
