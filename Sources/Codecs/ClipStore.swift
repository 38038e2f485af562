import Synchronization

/// Clips encoded once per process and shared by every bot: thousands of
/// bots replay the same bytes and spend no time encoding.
public final class ClipStore: Sendable {
    public static let shared = ClipStore()

    private let video = Mutex<[VideoClipSpec: EncodedClip]>([:])
    private let audio = Mutex<[AudioClipSpec: EncodedClip]>([:])

    public init() {}

    /// The clip for `spec`, encoded on first use.
    public func videoClip(_ spec: VideoClipSpec) throws(CodecError) -> EncodedClip {
        if let clip = video.withLock({ $0[spec] }) { return clip }
        let clip = try EncodedClip.encodeVideo(spec)
        return video.withLock { clips in
            if let existing = clips[spec] { return existing }
            clips[spec] = clip
            return clip
        }
    }

    /// The audio clip for `spec`, encoded on first use.
    public func audioClip(_ spec: AudioClipSpec) throws(CodecError) -> EncodedClip {
        if let clip = audio.withLock({ $0[spec] }) { return clip }
        let clip = try EncodedClip.encodeAudio(spec)
        return audio.withLock { clips in
            if let existing = clips[spec] { return existing }
            clips[spec] = clip
            return clip
        }
    }
}
