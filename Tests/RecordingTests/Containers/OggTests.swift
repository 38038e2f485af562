import NIOCore
import Recording
import TestSupport
import Testing

@Suite struct OggTests {
    @Test func crcCheckValue() {
        // CRC-32, poly 0x04C11DB7, init 0, no reflection, no XOR: check value of "123456789".
        #expect(OggCRC.checksum(Array("123456789".utf8)) == 0x89A1_897F)
        #expect(OggCRC.checksum([]) == 0)
    }

    /// The BOS page ffmpeg (libavformat 59) writes for a mono libopus stream, byte for byte.
    static let ffmpegFirstPage = hexBytes("""
        4f676753        // capture pattern "OggS"
        00              // version
        02              // header type: beginning of stream
        0000000000000000 // granule position 0
        323f2617        // serial number 0x17263F32
        00000000        // page sequence 0
        f393e381        // CRC 0x81E393F3
        01 13           // one segment of 19 bytes
        4f70757348656164 // "OpusHead"
        01 01           // version 1, 1 channel
        3801            // pre-skip 312
        80bb0000        // input sample rate 48000
        0000            // output gain
        00              // mapping family 0
        """)

    @Test func pageMatchesAnFFmpegPage() {
        var page = OggPage(flags: .beginningOfStream, serialNumber: 0x1726_3F32, sequenceNumber: 0)
        page.append(packet: OpusHeaders(channels: 1, preSkip: 312).identificationBytes)
        var buffer = ByteBuffer()
        page.write(into: &buffer)
        #expect(hexString(buffer.readableBytesView) == hexString(Self.ffmpegFirstPage))
        // The stored CRC is the checksum of the page with its CRC field zeroed.
        var zeroed = Self.ffmpegFirstPage
        zeroed.replaceSubrange(22..<26, with: [0, 0, 0, 0])
        #expect(OggCRC.checksum(zeroed) == 0x81E3_93F3)
    }

    @Test func lacingValues() {
        var page = OggPage(serialNumber: 1, sequenceNumber: 0)
        page.append(packet: [UInt8](repeating: 7, count: 255))
        page.append(packet: [UInt8](repeating: 8, count: 600))
        page.append(packet: [UInt8](repeating: 9, count: 3))
        #expect(page.lacing == [255, 0, 255, 255, 90, 3])
        #expect(page.packetCount == 3)
        #expect(page.canAppend(packetLength: 255 * 248))
        #expect(!page.canAppend(packetLength: 255 * 249))
    }

    @Test(arguments: 0..<32) func tocSamplesForEveryConfiguration(config: Int) throws {
        let perFrame: Int
        switch config {
        case 0...11: perFrame = [480, 960, 1920, 2880][config % 4]  // SILK 10/20/40/60 ms
        case 12...15: perFrame = [480, 960][config % 2]  // Hybrid 10/20 ms
        default: perFrame = [120, 240, 480, 960][config % 4]  // CELT 2.5/5/10/20 ms
        }
        let toc = UInt8(config << 3)
        #expect(OpusPacketDuration.samplesPerFrame(configuration: UInt8(config)) == perFrame)
        // Code 0: one frame; codes 1 and 2: two frames; stereo bit changes nothing.
        #expect(try OpusPacketDuration.samples(in: [toc, 0xAA]) == perFrame)
        #expect(try OpusPacketDuration.samples(in: [toc | 0x04]) == perFrame)
        #expect(try OpusPacketDuration.samples(in: [toc | 1, 0, 0]) == 2 * perFrame)
        #expect(try OpusPacketDuration.samples(in: [toc | 2, 1, 0]) == 2 * perFrame)
        // Code 3: M frames from the count byte (low 6 bits; VBR and padding bits ignored), at most 120 ms.
        let maximum = 5760 / perFrame
        #expect(try OpusPacketDuration.samples(in: [toc | 3, 0xC0 | UInt8(maximum)]) == maximum * perFrame)
        #expect(throws: OpusPacketError.badFrameCount(maximum + 1)) {
            try OpusPacketDuration.samples(in: [toc | 3, UInt8(maximum + 1)])
        }
        #expect(throws: OpusPacketError.badFrameCount(0)) { try OpusPacketDuration.samples(in: [toc | 3, 0]) }
        #expect(throws: OpusPacketError.missingFrameCountByte) { try OpusPacketDuration.samples(in: [toc | 3]) }
    }

    @Test func emptyPacket() throws {
        #expect(throws: OpusPacketError.empty) { try OpusPacketDuration.samples(in: [UInt8]()) }
        #expect(try OpusPacketDuration.samples(in: OggOpusWriter.silencePacket) == 960)
    }

    @Test func writerPagesHeadersAndGranules() throws {
        var writer = OggOpusWriter(headers: OpusHeaders(channels: 2, preSkip: 312), serialNumber: 9)
        var buffer = ByteBuffer()
        let packet: [UInt8] = [0xFC, 1, 2, 3]  // CELT FB 20 ms
        for index in 0..<60 { try writer.append(packet, timestamp: 1_000 + Int64(index) * 20, into: &buffer) }
        try writer.finalize(into: &buffer)
        let pages = try Self.pages(in: Array(buffer.readableBytesView))
        // OpusHead (BOS), OpusTags, a page closed after 1 s (50 packets), the last 10 with EOS.
        #expect(pages.map(\.flags) == [0x02, 0x00, 0x00, 0x04])
        #expect(pages.map(\.sequence) == [0, 1, 2, 3])
        let granules: [Int64] = [0, 0, 48_312, 57_912]  // 312 + 50 * 960, 312 + 60 * 960
        #expect(pages.map(\.granule) == granules)
        #expect(pages.map(\.segments) == [1, 1, 50, 10])
        #expect(writer.silencePacketsInserted == 0)
        #expect(writer.bytesWritten == Int64(buffer.readableBytes))
        #expect(throws: OggOpusError.finalized) { try writer.finalize(into: &buffer) }
    }

    @Test func writerFillsGapsWithSilence() throws {
        var writer = OggOpusWriter(serialNumber: 9)
        var buffer = ByteBuffer()
        let packet: [UInt8] = [0xFC, 1, 2, 3]
        try writer.append(packet, timestamp: 0, into: &buffer)
        try writer.append(packet, timestamp: 20, into: &buffer)
        try writer.append(packet, timestamp: 1_050, into: &buffer)  // 1010 ms gap: 50 frames, 10 ms carried
        try writer.append(packet, timestamp: 1_070, into: &buffer)
        #expect(writer.silencePacketsInserted == 50)
        #expect(writer.samplesWritten == 54 * 960)
        writer.flush(into: &buffer)
        try writer.finalize(into: &buffer)
        let pages = try Self.pages(in: Array(buffer.readableBytesView))
        #expect(pages.last?.flags == 0x04)
        #expect(pages.last?.segments == 0)  // everything was flushed: an empty EOS page
        #expect(pages.last?.granule == Int64(312 + 54 * 960))
    }

    @Test func writerRejectsBadPackets() {
        var writer = OggOpusWriter()
        var buffer = ByteBuffer()
        #expect(throws: OggOpusError.badPacket(.empty)) { try writer.append([UInt8](), timestamp: 0, into: &buffer) }
        #expect(throws: OggOpusError.packetTooLarge(70_000)) {
            try writer.append([UInt8](repeating: 0xFC, count: 70_000), timestamp: 0, into: &buffer)
        }
        #expect(buffer.readableBytes == 0)
    }

    struct PageSummary { var flags: UInt8; var granule: Int64; var sequence: UInt32; var segments: Int }

    /// Walks pages, checking capture pattern and CRC of each.
    static func pages(in bytes: [UInt8]) throws -> [PageSummary] {
        var result: [PageSummary] = []
        var offset = 0
        while offset < bytes.count {
            try #require(offset + 27 <= bytes.count)
            #expect(Array(bytes[offset..<offset + 4]) == Array("OggS".utf8))
            let segments = Int(bytes[offset + 26])
            let lacing = bytes[(offset + 27)..<(offset + 27 + segments)]
            let length = 27 + segments + lacing.reduce(0) { $0 + Int($1) }
            var page = Array(bytes[offset..<offset + length])
            let stored = page[22..<26].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            page.replaceSubrange(22..<26, with: [0, 0, 0, 0])
            #expect(OggCRC.checksum(page) == stored)
            let granule = page[6..<14].enumerated().reduce(Int64(0)) { $0 | Int64($1.element) << (8 * Int64($1.offset)) }
            let sequence = page[18..<22].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            result.append(PageSummary(flags: page[5], granule: granule, sequence: sequence, segments: segments))
            offset += length
        }
        return result
    }
}
