import RTP

extension CodecFamily {
    /// The family's kind as an m-line names it (`MediaKind` lives here,
    /// above RTP, so the family itself only says whether it is video).
    public var kind: MediaKind { isVideo ? .video : .audio }
}
