import COpus

/// A libopus encoder for the bots' audio: 48 kHz, 20 ms frames. Not
/// thread-safe.
public final class OpusEncoder {
    public static let sampleRate = 48_000
    /// Samples per channel in one 20 ms frame.
    public static let frameSamples = 960
    public let channels: Int
    private let encoder: OpaquePointer
    private var output = [UInt8](repeating: 0, count: 1_500)

    public init(channels: Int = 1, bitrate: Int = 32_000) throws(CodecError) {
        guard channels == 1 || channels == 2 else { throw .invalidParameter("channels must be 1 or 2") }
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(Int32(Self.sampleRate), Int32(channels), OPUS_APPLICATION_AUDIO, &error),
            error == OPUS_OK
        else { throw .opus("encoder_create", code: Int(error)) }
        self.encoder = encoder
        self.channels = channels
        let status = switchboard_opus_set_bitrate(encoder, Int32(bitrate))
        guard status == OPUS_OK else {
            opus_encoder_destroy(encoder)
            throw .opus("set_bitrate", code: Int(status))
        }
    }

    deinit {
        opus_encoder_destroy(encoder)
    }

    /// Encodes one 20 ms frame of interleaved samples.
    public func encode(_ pcm: [Int16]) throws(CodecError) -> EncodedFrame {
        guard pcm.count == Self.frameSamples * channels else {
            throw .invalidParameter("a frame is \(Self.frameSamples * channels) samples, got \(pcm.count)")
        }
        let length = opus_encode(encoder, pcm, Int32(Self.frameSamples), &output, Int32(output.count))
        guard length > 0 else { throw .opus("encode", code: Int(length)) }
        return EncodedFrame(bytes: Array(output[0..<Int(length)]), isKeyframe: true, duration: UInt32(Self.frameSamples))
    }
}
