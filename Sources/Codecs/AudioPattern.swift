#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bots' synthetic audio: a tone whose pitch steps every 20 ms frame
/// over a 50-step scale, with a little seeded noise, so that no two frames
/// of a clip encode to the same bytes (receivers tell packets apart by
/// their payload).
public struct AudioPattern: Sendable {
    public let channels: Int

    public init(channels: Int = 1) {
        self.channels = channels
    }

    /// The interleaved samples of 20 ms frame `index`.
    public func samples(frame index: Int) -> [Int16] {
        let count = OpusEncoder.frameSamples
        let frequency = 300.0 + Double(index % 50) * 12.0
        var noise = UInt32(truncatingIfNeeded: index &* 2_654_435_761 &+ 1)
        var pcm = [Int16](repeating: 0, count: count * channels)
        for sample in 0..<count {
            let t = Double(index * count + sample) / Double(OpusEncoder.sampleRate)
            noise = noise &* 1_664_525 &+ 1_013_904_223
            let value = 6_000 * sin(2 * Double.pi * frequency * t) + Double(Int32(noise >> 20) - 2_048)
            for channel in 0..<channels { pcm[sample * channels + channel] = Int16(value) }
        }
        return pcm
    }
}
