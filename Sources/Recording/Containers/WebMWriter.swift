import NIOCore

/// Errors from the WebM writer.
public enum WebMError: Error, Sendable, Equatable {
    /// A frame for a track the configuration does not have.
    case noSuchTrack(WebMWriter.Track)
    /// A timestamp outside 0...`WebMWriter.maximumTimestamp` (Cluster Timestamp is unsigned).
    case timestampOutOfRange(Int64)
    /// An empty frame.
    case emptyFrame(WebMWriter.Track)
    /// An element could not be encoded.
    case encoding(EBMLError)
    /// The writer was finalised already.
    case finalized
}

/// A streaming WebM / Matroska muxer (RFC 9559, WebM profile). Pure: it
/// returns bytes to append to the file, in order, from offset 0; the file
/// sink (`RecordingFile`) writes them.
///
/// Live layout: EBML header, Segment of unknown size, SeekHead (Info, Tracks,
/// a placeholder for Cues), Info (a Void placeholder for Duration), Tracks,
/// then Clusters of unknown size holding SimpleBlocks. A file cut anywhere
/// plays up to its last complete block. `finalize` appends Cues and returns
/// the patches (Segment and Cluster sizes, Duration, the Cues seek entry).
///
/// Input: one complete frame per call (an Opus packet; a VP8/VP9 frame; an
/// H.264 access unit in AVCC form), its presentation time in milliseconds
/// from the start of the recording (TimestampScale is 1 ms) and a keyframe
/// flag. Timestamps are written as given: gaps stay gaps.
public struct WebMWriter: Sendable {
    /// The two kinds of track a recording has.
    public enum Track: Sendable, Equatable { case video, audio }

    /// A new cluster starts at each video keyframe, and at the latest after this many ms.
    public static let maximumClusterDuration: Int64 = 5_000
    /// The largest timestamp (ms) accepted: about 285 years, far inside Int64 nanoseconds.
    public static let maximumTimestamp: Int64 = 9_000_000_000_000

    public let configuration: WebMConfiguration
    /// Bytes produced so far: the absolute offset of the next byte.
    public internal(set) var bytesWritten: Int64 = 0
    /// Whether the header (through Tracks) has been produced; it is produced with the first frame.
    public internal(set) var headerWritten = false
    public internal(set) var isFinalized = false

    var segmentSizeOffset: Int64 = 0
    var segmentDataStart: Int64 = 0
    var durationPlaceholderOffset: Int64 = 0
    var cuesSeekPlaceholderOffset: Int64 = 0

    struct OpenCluster: Sendable {
        var timestamp: Int64
        var offset: Int64
        var blocks: Int
    }
    var cluster: OpenCluster?
    var clusterSizes: [(offset: Int64, size: Int64)] = []
    var cuePoints: [(time: Int64, clusterPosition: Int64)] = []
    var sawVideoKeyframe = false
    var lastVideoTimestamp: Int64?
    var videoFrameInterval: Int64 = 33
    var endTime: Int64 = 0

    public init(configuration: WebMConfiguration) {
        self.configuration = configuration
    }

    /// Appends one frame. Video frames before the first video keyframe are
    /// dropped (nothing could decode them); returns whether the frame was written.
    @discardableResult
    public mutating func append(
        _ frame: some Collection<UInt8>, track: Track, timestamp: Int64, isKeyframe: Bool,
        into buffer: inout ByteBuffer
    ) throws(WebMError) -> Bool {
        guard !isFinalized else { throw .finalized }
        let number: UInt64
        switch track {
        case .video:
            guard let videoNumber = configuration.videoTrackNumber else { throw .noSuchTrack(track) }
            number = videoNumber
        case .audio:
            guard let audioNumber = configuration.audioTrackNumber else { throw .noSuchTrack(track) }
            number = audioNumber
        }
        guard !frame.isEmpty else { throw .emptyFrame(track) }
        guard timestamp >= 0, timestamp <= Self.maximumTimestamp else { throw .timestampOutOfRange(timestamp) }
        if track == .video && !sawVideoKeyframe {
            guard isKeyframe else { return false }
            sawVideoKeyframe = true
        }
        let start = buffer.writerIndex
        defer { bytesWritten += Int64(buffer.writerIndex - start) }
        if !headerWritten {
            let firstVP8Keyframe = track == .video ? VP8KeyframeHeader(frame: frame) : nil
            do throws(EBMLError) {
                try writeHeader(videoDimensions: firstVP8Keyframe, base: bytesWritten - Int64(start), into: &buffer)
            } catch { throw .encoding(error) }
        }

        let startsCluster = shouldStartCluster(track: track, timestamp: timestamp, isKeyframe: isKeyframe)
        if startsCluster {
            closeCluster(at: bytesWritten + Int64(buffer.writerIndex - start))
            openCluster(timestamp: timestamp, cued: (track == .video && isKeyframe) || configuration.video == nil, at: bytesWritten + Int64(buffer.writerIndex - start), into: &buffer)
        }
        guard var open = cluster else { return false }
        let relative = Int16(truncatingIfNeeded: timestamp - open.timestamp)

        // SimpleBlock (RFC 9559 §10.2): track VINT, Int16 timestamp, flags, frame.
        EBMLWriter.writeID(MatroskaID.simpleBlock, into: &buffer)
        do throws(EBMLError) {
            try EBMLWriter.writeSize(UInt64(frame.count + 4), into: &buffer)
            try EBMLWriter.writeSize(number, into: &buffer)
        } catch { throw .encoding(error) }
        buffer.writeInteger(relative)
        // Every Opus packet decodes on its own, so audio blocks are keyframes too.
        buffer.writeInteger(UInt8(isKeyframe || track == .audio ? 0x80 : 0x00))
        buffer.writeBytes(frame)
        open.blocks += 1
        cluster = open
        noteEndTime(track: track, timestamp: timestamp, frame: frame)
        return true
    }

    func shouldStartCluster(track: Track, timestamp: Int64, isKeyframe: Bool) -> Bool {
        guard let open = cluster else { return true }
        if track == .video && isKeyframe && open.blocks > 0 { return true }
        let relative = timestamp - open.timestamp
        // A block's timestamp is a signed 16-bit offset from its cluster's (RFC 9559 §10.2).
        if relative < Int64(Int16.min) || relative > Int64(Int16.max) { return true }
        return relative >= Self.maximumClusterDuration
    }

    /// `cued`: the cluster starts with a video keyframe (or there is no video), so seeking may land on it.
    mutating func openCluster(timestamp: Int64, cued: Bool, at offset: Int64, into buffer: inout ByteBuffer) {
        EBMLWriter.writeID(MatroskaID.cluster, into: &buffer)
        EBMLWriter.writeUnknownSize(into: &buffer)
        EBMLWriter.writeUnsigned(MatroskaID.timestamp, UInt64(timestamp), into: &buffer)
        cluster = OpenCluster(timestamp: timestamp, offset: offset, blocks: 0)
        if cued {
            cuePoints.append((timestamp, offset - segmentDataStart))
        }
    }

    mutating func closeCluster(at end: Int64) {
        guard let open = cluster else { return }
        // Size of the cluster's data: after its 4-byte ID and 8-byte size.
        clusterSizes.append((open.offset + 4, end - open.offset - 12))
        cluster = nil
    }

    mutating func noteEndTime(track: Track, timestamp: Int64, frame: some Collection<UInt8>) {
        var end = timestamp
        switch track {
        case .audio:
            let samples = (try? OpusPacketDuration.samples(in: frame)) ?? 960
            end += Int64(samples / 48)
        case .video:
            if let last = lastVideoTimestamp, timestamp > last, timestamp - last < 1_000 {
                videoFrameInterval = timestamp - last
            }
            lastVideoTimestamp = timestamp
            end += videoFrameInterval
        }
        endTime = max(endTime, end)
    }
}
