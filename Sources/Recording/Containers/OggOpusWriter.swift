import NIOCore

/// Errors from the Ogg/Opus writer.
public enum OggOpusError: Error, Sendable, Equatable {
    /// The packet's TOC is unusable (empty, bad frame count).
    case badPacket(OpusPacketError)
    /// A packet longer than one Ogg page can hold (Opus packets never are).
    case packetTooLarge(Int)
    /// A timestamp beyond ±`OggOpusWriter.maximumTimestamp`.
    case timestampOutOfRange(Int64)
    /// The writer was finalised already.
    case finalized
}

/// A streaming Ogg/Opus muxer (RFC 7845). Pure: returns bytes to append to
/// the file in order; nothing is ever patched.
///
/// Input: one Opus packet per call with its presentation time in ms. The
/// first packet's time (or `origin`) is sample 0. Gaps are filled with 20 ms
/// silence packets (`silencePacket`) so that the packet sequence, the
/// granule positions and so the duration ffmpeg reports all match real time;
/// Ogg players play packets back to back and would otherwise close the gap.
/// Pages end after ~1 s of audio, when full, and on `flush`, so a crash loses
/// at most what has not been flushed.
public struct OggOpusWriter: Sendable {
    /// A CELT-only, 20 ms, mono frame that decodes to silence (TOC 0xF8, config 31, code 0).
    public static let silencePacket: [UInt8] = [0xF8, 0xFF, 0xFE]
    /// Audio per page before it is closed, in 48 kHz samples.
    public static let pageDuration = 48_000
    /// The largest timestamp magnitude (ms) accepted, so sample arithmetic cannot overflow.
    public static let maximumTimestamp: Int64 = 9_000_000_000_000

    public let headers: OpusHeaders
    public let serialNumber: UInt32
    /// The time (ms) of sample 0; nil: the first packet's time.
    public private(set) var origin: Int64?
    /// Samples (48 kHz) of audio written so far, silence included, pre-skip excluded.
    public private(set) var samplesWritten: Int64 = 0
    /// Silence packets inserted into gaps so far.
    public private(set) var silencePacketsInserted = 0
    /// Bytes produced so far.
    public private(set) var bytesWritten: Int64 = 0
    public private(set) var isFinalized = false
    /// The longest gap (in 48 kHz samples) filled with silence; beyond it the
    /// timeline is shifted instead (a clock jump, not a pause). Default 30 min.
    public var maximumGapFill: Int64 = 30 * 60 * 48_000

    var headersWritten = false
    var sequenceNumber: UInt32 = 0
    var page: OggPage?
    var pageSamples = 0

    public init(headers: OpusHeaders = OpusHeaders(), serialNumber: UInt32 = 0x5357_4244, origin: Int64? = nil) {
        self.headers = headers
        self.serialNumber = serialNumber
        self.origin = origin
    }

    /// Appends one Opus packet presented at `timestamp` ms.
    public mutating func append(_ packet: some Collection<UInt8>, timestamp: Int64, into buffer: inout ByteBuffer) throws(OggOpusError) {
        guard !isFinalized else { throw .finalized }
        guard packet.count <= OggPage.maximumPacketLength else { throw .packetTooLarge(packet.count) }
        guard (-Self.maximumTimestamp...Self.maximumTimestamp).contains(timestamp) else { throw .timestampOutOfRange(timestamp) }
        let samples: Int
        do throws(OpusPacketError) {
            samples = try OpusPacketDuration.samples(in: packet)
        } catch { throw .badPacket(error) }
        let start = buffer.writerIndex
        defer { bytesWritten += Int64(buffer.writerIndex - start) }
        writeHeadersIfNeeded(into: &buffer)
        let origin = self.origin ?? timestamp
        guard (-Self.maximumTimestamp...Self.maximumTimestamp).contains(origin) else { throw .timestampOutOfRange(origin) }
        self.origin = origin

        // Fill a gap of whole 20 ms frames; the sub-frame remainder carries to the next packet.
        // Both timestamps are within ±9e12 ms, so this cannot overflow.
        var gap = (timestamp - origin) * 48 - samplesWritten
        if gap > maximumGapFill {
            self.origin = origin + (gap - maximumGapFill) / 48
            gap = maximumGapFill
        }
        while gap >= 960 {
            addPacket(Self.silencePacket, samples: 960, into: &buffer)
            silencePacketsInserted += 1
            gap -= 960
        }
        addPacket(packet, samples: samples, into: &buffer)
    }

    /// Ends the current page so everything appended so far reaches the file.
    public mutating func flush(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        writeHeadersIfNeeded(into: &buffer)
        writePage(flags: [], into: &buffer)
        bytesWritten += Int64(buffer.writerIndex - start)
    }

    /// Writes the last page, marked end of stream (RFC 3533 §6).
    public mutating func finalize(into buffer: inout ByteBuffer) throws(OggOpusError) {
        guard !isFinalized else { throw .finalized }
        let start = buffer.writerIndex
        writeHeadersIfNeeded(into: &buffer)
        if page == nil {
            // Everything was flushed: an empty page carries the EOS flag.
            page = OggPage(granulePosition: granulePosition, serialNumber: serialNumber, sequenceNumber: sequenceNumber)
        }
        writePage(flags: .endOfStream, into: &buffer)
        bytesWritten += Int64(buffer.writerIndex - start)
        isFinalized = true
    }

    /// The granule position after the packets so far: samples including pre-skip (RFC 7845 §4).
    public var granulePosition: Int64 { samplesWritten + Int64(headers.preSkip) }

    mutating func writeHeadersIfNeeded(into buffer: inout ByteBuffer) {
        guard !headersWritten else { return }
        headersWritten = true
        // RFC 7845 §3: OpusHead alone on the BOS page, OpusTags on the next, granule 0.
        var identification = ByteBuffer()
        headers.writeIdentification(into: &identification)
        var first = OggPage(flags: .beginningOfStream, serialNumber: serialNumber, sequenceNumber: nextSequence())
        first.append(packet: identification.readableBytesView)
        first.write(into: &buffer)
        var comment = ByteBuffer()
        headers.writeComment(into: &comment)
        var second = OggPage(serialNumber: serialNumber, sequenceNumber: nextSequence())
        second.append(packet: comment.readableBytesView.prefix(OggPage.maximumPacketLength))
        second.write(into: &buffer)
    }

    mutating func addPacket(_ packet: some Collection<UInt8>, samples: Int, into buffer: inout ByteBuffer) {
        if let current = page, !current.canAppend(packetLength: packet.count) {
            writePage(flags: [], into: &buffer)
        }
        if page == nil {
            page = OggPage(serialNumber: serialNumber, sequenceNumber: nextSequence())
        }
        page?.append(packet: packet)
        samplesWritten += Int64(samples)
        pageSamples += samples
        let granule = granulePosition
        page?.granulePosition = granule
        if pageSamples >= Self.pageDuration { writePage(flags: [], into: &buffer) }
    }

    mutating func writePage(flags: OggPage.Flags, into buffer: inout ByteBuffer) {
        guard var current = page else { return }
        current.flags.formUnion(flags)
        current.write(into: &buffer)
        page = nil
        pageSamples = 0
    }

    mutating func nextSequence() -> UInt32 {
        defer { sequenceNumber &+= 1 }
        return sequenceNumber
    }
}
