/// Loudness of one audio track from its RFC 6464 levels: the packets'
/// levels averaged per interval, then smoothed across intervals so one
/// cough does not take the floor. Loudness is 127 - level (-dBov), so
/// higher is louder and silence is 0.
struct AudioLevelMeter {
    /// Smoothed loudness below which a track is not speaking.
    static let speakingThreshold = 30.0
    /// Weight of the newest interval in the smoothing.
    static let smoothing = 0.4

    private var sum = 0
    private var count = 0
    /// The smoothed loudness (0 silent ... 127 loudest).
    private(set) var loudness = 0.0

    /// Records one packet's level (0 ... 127 -dBov, RFC 6464 §3).
    mutating func add(level: UInt8) {
        sum += 127 - Int(min(level, 127))
        count += 1
    }

    /// Closes an interval: no packets count as silence.
    mutating func update() {
        let mean = count > 0 ? Double(sum) / Double(count) : 0
        loudness += Self.smoothing * (mean - loudness)
        sum = 0
        count = 0
    }

    var isSpeaking: Bool { loudness >= Self.speakingThreshold }
}
