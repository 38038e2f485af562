import NIOCore

extension WebMWriter {
    /// Ends the recording: closes the last cluster, appends Cues to `buffer`,
    /// and returns the patches to apply once those bytes are written: the
    /// Segment size, every Cluster size, the Duration (in place of its Void
    /// placeholder) and the SeekHead entry pointing at Cues.
    /// Without the patches the file is still a valid live WebM.
    public mutating func finalize(into buffer: inout ByteBuffer) throws(WebMError) -> [ContainerPatch] {
        guard !isFinalized else { throw .finalized }
        let start = buffer.writerIndex
        var patches: [ContainerPatch] = []
        do throws(EBMLError) {
            if !headerWritten { try writeHeader(videoDimensions: nil, base: bytesWritten - Int64(start), into: &buffer) }
            closeCluster(at: bytesWritten + Int64(buffer.writerIndex - start))
            let cuesOffset = bytesWritten + Int64(buffer.writerIndex - start)
            if !cuePoints.isEmpty { try writeCues(into: &buffer) }
            let end = bytesWritten + Int64(buffer.writerIndex - start)

            patches.append(ContainerPatch(offset: segmentSizeOffset, bytes: try Self.sizeBytes(end - segmentDataStart)))
            for cluster in clusterSizes {
                patches.append(ContainerPatch(offset: cluster.offset, bytes: try Self.sizeBytes(cluster.size)))
            }
            var duration = ByteBuffer()
            EBMLWriter.writeFloat(MatroskaID.duration, Double(endTime), into: &duration)
            patches.append(ContainerPatch(offset: durationPlaceholderOffset, bytes: Array(duration.readableBytesView)))
            if !cuePoints.isEmpty {
                var seek = ByteBuffer()
                try Self.writeSeekEntry(id: MatroskaID.cues, position: cuesOffset - segmentDataStart, into: &seek)
                patches.append(ContainerPatch(offset: cuesSeekPlaceholderOffset, bytes: Array(seek.readableBytesView)))
            }
        } catch {
            throw .encoding(error)
        }
        bytesWritten += Int64(buffer.writerIndex - start)
        isFinalized = true
        return patches
    }

    /// The duration in ms the file will declare: the last frame's end.
    public var duration: Int64 { endTime }

    func writeCues(into buffer: inout ByteBuffer) throws(EBMLError) {
        let cueTrack = configuration.videoTrackNumber ?? configuration.audioTrackNumber ?? 1
        var points = ByteBuffer()
        for cue in cuePoints {
            var positions = ByteBuffer()
            EBMLWriter.writeUnsigned(MatroskaID.cueTrack, cueTrack, into: &positions)
            EBMLWriter.writeUnsigned(MatroskaID.cueClusterPosition, UInt64(max(0, cue.clusterPosition)), into: &positions)
            var point = ByteBuffer()
            EBMLWriter.writeUnsigned(MatroskaID.cueTime, UInt64(max(0, cue.time)), into: &point)
            try EBMLWriter.writeMaster(MatroskaID.cueTrackPositions, body: positions, into: &point)
            try EBMLWriter.writeMaster(MatroskaID.cuePoint, body: point, into: &points)
        }
        try EBMLWriter.writeMaster(MatroskaID.cues, body: points, into: &buffer)
    }

    /// An 8-byte size VINT, the width of the unknown-size marker it replaces.
    static func sizeBytes(_ size: Int64) throws(EBMLError) -> [UInt8] {
        var buffer = ByteBuffer()
        try EBMLWriter.writeSize(UInt64(max(0, size)), width: 8, into: &buffer)
        return Array(buffer.readableBytesView)
    }
}
