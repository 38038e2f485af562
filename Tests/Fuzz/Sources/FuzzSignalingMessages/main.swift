// Signaling JSON under libFuzzer: any frame either throws SignalingError or
// parses into a client (or server) message that survives a write/parse
// round trip unchanged.
import FuzzSupport
import SignalingMessages

runFuzzer { bytes in
    if let message = try? ClientMessage(parsing: bytes) {
        guard let again = try? ClientMessage(parsing: message.jsonText()) else {
            fatalError("a parsed client message did not parse after writing")
        }
        precondition(again == message, "client message round trip changed it")
    }
    if let message = try? ServerMessage(parsing: bytes) {
        guard let again = try? ServerMessage(parsing: message.jsonText()) else {
            fatalError("a parsed server message did not parse after writing")
        }
        precondition(again == message, "server message round trip changed it")
    }
}
