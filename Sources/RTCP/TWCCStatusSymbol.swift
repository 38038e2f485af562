/// The status of one packet in transport-wide CC feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).
public enum TWCCStatusSymbol: UInt8, Sendable, Hashable, CaseIterable {
    case notReceived = 0
    /// Received; its receive delta takes one byte.
    case receivedSmallDelta = 1
    /// Received; its receive delta takes two bytes (or is negative).
    case receivedLargeDelta = 2
}
