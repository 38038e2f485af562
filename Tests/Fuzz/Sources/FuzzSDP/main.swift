// SDP parser under libFuzzer: any input either throws SDPError or parses
// into a session that survives a serialize/parse round trip unchanged, and
// whose typed accessors (codecs, candidates, simulcast, ...) never trap.
import FuzzSupport
import SDP

runFuzzer { bytes in
    guard let session = try? SessionDescription(parsing: bytes) else { return }
    _ = (session.bundleGroup, session.isICELite, session.fingerprints, session.groups)
    for media in session.media {
        _ = (media.mid, media.codecs, media.candidates, media.rids, media.simulcast)
        _ = (media.ssrcGroups, media.extensionMaps, media.rtxAssociations, media.setupRole)
        _ = session.direction(of: media)
    }
    let text = session.serialized()
    let reparsed: SessionDescription
    do {
        reparsed = try SessionDescription(parsing: text)
    } catch {
        fatalError("a parsed SDP did not parse after serializing: \(error)")
    }
    precondition(reparsed == session, "SDP round trip changed the session")
}
