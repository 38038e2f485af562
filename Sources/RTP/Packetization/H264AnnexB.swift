import NIOCore

/// The H.264 Annex B byte stream format (ITU-T H.264 Annex B): NAL units
/// each preceded by a start code, 00 00 01 or 00 00 00 01.
public enum H264AnnexB {
    /// The start code written before each NAL unit.
    public static let startCode: [UInt8] = [0, 0, 0, 1]

    /// The NAL units of `stream` as slices (no copy), in order. Bytes
    /// before the first start code are ignored; trailing zero bytes of
    /// each unit (trailing_zero_8bits, or the leading zero of a 4-byte
    /// start code) are trimmed. Empty units are skipped.
    public static func nalUnits(in stream: ByteBuffer) -> [ByteBuffer] {
        var units: [ByteBuffer] = []
        stream.withUnsafeReadableBytes { bytes in
            var start: Int?
            var index = 0
            func close(at end: Int) {
                guard let begin = start else { return }
                var last = end
                while last > begin, bytes[last - 1] == 0 { last -= 1 }
                if last > begin, let unit = stream.getSlice(at: stream.readerIndex + begin, length: last - begin) {
                    units.append(unit)
                }
            }
            while index + 2 < bytes.count {
                if bytes[index + 2] > 1 {
                    index += 3  // no start code can end at index+2 or cover it
                } else if bytes[index] == 0, bytes[index + 1] == 0, bytes[index + 2] == 1 {
                    close(at: index)
                    index += 3
                    start = index
                } else {
                    index += 1
                }
            }
            close(at: bytes.count)
        }
        return units
    }

    /// Appends `nalUnits`, each after a 4-byte start code.
    public static func write(_ nalUnits: some Sequence<ByteBuffer>, into buffer: inout ByteBuffer) {
        for unit in nalUnits {
            buffer.writeBytes(startCode)
            buffer.writeImmutableBuffer(unit)
        }
    }
}
