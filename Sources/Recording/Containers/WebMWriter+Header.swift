import NIOCore
import RTP

extension WebMWriter {
    /// Bytes of a Seek entry with a 4-byte SeekID and an 8-byte SeekPosition: fixed, so it can be patched.
    static let seekEntryLength = 21
    /// A Duration element: 2-byte ID, 1-byte size, 8-byte float.
    static let durationElementLength = 11

    /// Produces the EBML header, the live Segment start, SeekHead, Info and Tracks.
    /// `base` is the absolute file offset of `buffer`'s index 0.
    mutating func writeHeader(videoDimensions: VP8KeyframeHeader?, base: Int64, into buffer: inout ByteBuffer) throws(EBMLError) {
        var header = ByteBuffer()
        EBMLWriter.writeUnsigned(MatroskaID.ebmlVersion, 1, into: &header)
        EBMLWriter.writeUnsigned(MatroskaID.ebmlReadVersion, 1, into: &header)
        EBMLWriter.writeUnsigned(MatroskaID.ebmlMaxIDLength, 4, into: &header)
        EBMLWriter.writeUnsigned(MatroskaID.ebmlMaxSizeLength, 8, into: &header)
        try EBMLWriter.writeString(MatroskaID.docType, configuration.docType, into: &header)
        EBMLWriter.writeUnsigned(MatroskaID.docTypeVersion, 4, into: &header)
        EBMLWriter.writeUnsigned(MatroskaID.docTypeReadVersion, 2, into: &header)
        try EBMLWriter.writeMaster(MatroskaID.ebml, body: header, into: &buffer)

        EBMLWriter.writeID(MatroskaID.segment, into: &buffer)
        segmentSizeOffset = base + Int64(buffer.writerIndex)
        EBMLWriter.writeUnknownSize(into: &buffer)
        segmentDataStart = base + Int64(buffer.writerIndex)

        let info = try infoElement()
        let tracks = try tracksElement(videoDimensions: videoDimensions)
        // SeekHead: 4-byte ID, 1-byte size, three fixed-size entries.
        let seekHeadLength = 5 + 3 * Self.seekEntryLength
        var seeks = ByteBuffer()
        try Self.writeSeekEntry(id: MatroskaID.info, position: Int64(seekHeadLength), into: &seeks)
        try Self.writeSeekEntry(id: MatroskaID.tracks, position: Int64(seekHeadLength + info.buffer.readableBytes), into: &seeks)
        let cuesPlaceholder = seeks.writerIndex
        EBMLWriter.writeVoid(totalLength: Self.seekEntryLength, into: &seeks)
        let seekHeadStart = buffer.writerIndex
        try EBMLWriter.writeMaster(MatroskaID.seekHead, body: seeks, into: &buffer)
        let seekBodyStart = buffer.writerIndex - seeks.readableBytes
        cuesSeekPlaceholderOffset = base + Int64(seekBodyStart + cuesPlaceholder)
        assert(buffer.writerIndex - seekHeadStart == seekHeadLength)

        let infoStart = buffer.writerIndex
        buffer.writeImmutableBuffer(info.buffer)
        durationPlaceholderOffset = base + Int64(infoStart + info.durationPlaceholder)
        buffer.writeImmutableBuffer(tracks)
        headerWritten = true
    }

    static func writeSeekEntry(id: UInt32, position: Int64, into buffer: inout ByteBuffer) throws(EBMLError) {
        var seek = ByteBuffer()
        var idBytes = ByteBuffer()
        EBMLWriter.writeID(id, into: &idBytes)
        try EBMLWriter.writeBinary(MatroskaID.seekID, idBytes.readableBytesView, into: &seek)
        EBMLWriter.writeUnsigned(MatroskaID.seekPosition, UInt64(max(0, position)), width: 8, into: &seek)
        try EBMLWriter.writeMaster(MatroskaID.seek, body: seek, into: &buffer)
    }

    /// Info with a Void placeholder where Duration goes; returns the placeholder's index in the element.
    func infoElement() throws(EBMLError) -> (buffer: ByteBuffer, durationPlaceholder: Int) {
        var body = ByteBuffer()
        EBMLWriter.writeUnsigned(MatroskaID.timestampScale, 1_000_000, into: &body)  // 1 ms
        try EBMLWriter.writeString(MatroskaID.muxingApp, "switchboard", into: &body)
        try EBMLWriter.writeString(MatroskaID.writingApp, "switchboard", into: &body)
        let placeholder = body.writerIndex
        EBMLWriter.writeVoid(totalLength: Self.durationElementLength, into: &body)
        var element = ByteBuffer()
        try EBMLWriter.writeMaster(MatroskaID.info, body: body, into: &element)
        return (element, element.readableBytes - body.readableBytes + placeholder)
    }

    func tracksElement(videoDimensions: VP8KeyframeHeader?) throws(EBMLError) -> ByteBuffer {
        var entries = ByteBuffer()
        if let video = configuration.video, let number = configuration.videoTrackNumber {
            var entry = ByteBuffer()
            EBMLWriter.writeUnsigned(MatroskaID.trackNumber, number, into: &entry)
            EBMLWriter.writeUnsigned(MatroskaID.trackUID, number, into: &entry)
            EBMLWriter.writeUnsigned(MatroskaID.trackType, 1, into: &entry)  // video
            EBMLWriter.writeUnsigned(MatroskaID.flagLacing, 0, into: &entry)
            try EBMLWriter.writeString(MatroskaID.codecID, video.codec.codecID, into: &entry)
            if case .h264(let avcC) = video.codec {
                try EBMLWriter.writeBinary(MatroskaID.codecPrivate, avcC, into: &entry)
            }
            var pixels = ByteBuffer()
            let width = video.width ?? videoDimensions?.width ?? 640
            let height = video.height ?? videoDimensions?.height ?? 480
            EBMLWriter.writeUnsigned(MatroskaID.pixelWidth, UInt64(max(1, width)), into: &pixels)
            EBMLWriter.writeUnsigned(MatroskaID.pixelHeight, UInt64(max(1, height)), into: &pixels)
            try EBMLWriter.writeMaster(MatroskaID.video, body: pixels, into: &entry)
            try EBMLWriter.writeMaster(MatroskaID.trackEntry, body: entry, into: &entries)
        }
        if let audio = configuration.audio, let number = configuration.audioTrackNumber {
            var entry = ByteBuffer()
            EBMLWriter.writeUnsigned(MatroskaID.trackNumber, number, into: &entry)
            EBMLWriter.writeUnsigned(MatroskaID.trackUID, number, into: &entry)
            EBMLWriter.writeUnsigned(MatroskaID.trackType, 2, into: &entry)  // audio
            EBMLWriter.writeUnsigned(MatroskaID.flagLacing, 0, into: &entry)
            try EBMLWriter.writeString(MatroskaID.codecID, CodecFamily.opus.matroskaCodecID, into: &entry)
            try EBMLWriter.writeBinary(MatroskaID.codecPrivate, audio.identificationBytes, into: &entry)
            // WebM's Opus mapping: CodecDelay is the pre-skip in ns, SeekPreRoll 80 ms.
            EBMLWriter.writeUnsigned(MatroskaID.codecDelay, UInt64(audio.preSkip) * 1_000_000_000 / 48_000, into: &entry)
            EBMLWriter.writeUnsigned(MatroskaID.seekPreRoll, 80_000_000, into: &entry)
            var sound = ByteBuffer()
            EBMLWriter.writeFloat(MatroskaID.samplingFrequency, 48_000, into: &sound)
            EBMLWriter.writeUnsigned(MatroskaID.channels, UInt64(audio.channels), into: &sound)
            try EBMLWriter.writeMaster(MatroskaID.audio, body: sound, into: &entry)
            try EBMLWriter.writeMaster(MatroskaID.trackEntry, body: entry, into: &entries)
        }
        var element = ByteBuffer()
        try EBMLWriter.writeMaster(MatroskaID.tracks, body: entries, into: &element)
        return element
    }
}
