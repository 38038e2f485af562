/// Why an encoder or decoder of this module failed.
public enum CodecError: Error, Sendable, Hashable {
    /// libvpx refused a call; the code is its `vpx_codec_err_t`.
    case vpx(String, code: Int)
    /// libopus refused a call; the code is its negative error number.
    case opus(String, code: Int)
    /// A parameter the codec cannot take (odd picture size, bad rate).
    case invalidParameter(String)
}
