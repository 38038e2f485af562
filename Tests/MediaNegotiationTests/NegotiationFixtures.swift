import Foundation
import MediaNegotiation
import SDP

/// The captured offers of Tests/SDPTests/Fixtures, read from the source tree.
enum OfferFixture: String, CaseIterable, Sendable {
    case chromiumPublish = "chromium-publish"
    case chromiumSimulcast = "chromium-simulcast"
    case chromiumRecvonly = "chromium-recvonly"
    case firefoxAudioVideo = "firefox-audio-video"
    case firefoxSimulcast = "firefox-simulcast"
    case aiortcAudioVideo = "aiortc-audio-video"

    /// The publish offers (everything but the recvonly capture).
    static let publishOffers: [OfferFixture] = [
        .chromiumPublish, .chromiumSimulcast, .firefoxAudioVideo, .firefoxSimulcast, .aiortcAudioVideo,
    ]

    var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SDPTests/Fixtures/\(rawValue).sdp")
    }

    var text: String {
        get throws { try String(contentsOf: url, encoding: .utf8) }
    }

    var description: SessionDescription {
        get throws { try SessionDescription(parsing: text) }
    }

    /// The fixture text with every line for which `drop` is true removed.
    func text(droppingLines drop: (Substring) -> Bool) throws -> String {
        // "\r\n" is one Character: split on any newline
        try text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).filter { !drop($0) }.joined(separator: "\n")
    }
}

/// A server as the tests see it.
enum TestServer {
    static let fingerprint = Fingerprint(hashFunction: "sha-256", bytes: (0..<32).map { UInt8($0 * 7 & 0xFF) })

    static let transport = ServerTransportParameters(
        iceUfrag: "srvU", icePassword: "serverpassword0123456789", fingerprint: fingerprint,
        candidateAddress: "127.0.0.1", candidatePort: 40_123)
}
