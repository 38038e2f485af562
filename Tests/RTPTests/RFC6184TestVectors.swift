import NIOCore
import RTP
import Testing
import TestSupport

/// H.264 payloads laid out as in RFC 6184 §5.6-5.8.
@Suite struct RFC6184TestVectors {
    static let sps = "67 42 c0 1f 8c 8d 40"  // NRI=3 type 7
    static let pps = "68 ce 3c 80"  // NRI=3 type 8
    static let idr = "65 88 84 00 33"  // NRI=3 type 5

    /// STAP-A carrying SPS, PPS and an IDR slice (§5.7.1).
    static let stapA = """
        78          // F=0 NRI=3 type=24 (STAP-A)
        00 07       // NALU 1 size 7
        67 42 c0 1f 8c 8d 40 // SPS
        00 04       // NALU 2 size 4
        68 ce 3c 80 // PPS
        00 05       // NALU 3 size 5
        65 88 84 00 33 // IDR slice
        """

    /// FU-A fragments of an IDR slice (§5.8).
    static let fuAStart = """
        7c          // FU indicator: F=0 NRI=3 type=28 (FU-A)
        85          // FU header: S=1 E=0 R=0 type=5 (IDR)
        88 84       // first fragment
        """
    static let fuAMiddle = """
        7c          // FU indicator
        05          // S=0 E=0 type=5
        00
        """
    static let fuAEnd = """
        7c          // FU indicator
        45          // S=0 E=1 type=5
        33
        """

    @Test func singleNALUnits() throws {
        let idr = try H264Payload(parsing: buffer(Self.idr))
        #expect(idr.packetization == .singleNALUnit)
        #expect(idr.nalUnitType == 5)
        #expect(idr.nalReferenceIndicator == 3)
        #expect(idr.startsKeyframe)
        let sps = try H264Payload(parsing: buffer(Self.sps))
        #expect(sps.nalUnitType == 7)
        #expect(sps.startsKeyframe)
        let pps = try H264Payload(parsing: buffer(Self.pps))
        #expect(pps.nalUnitType == 8)
        #expect(!pps.startsKeyframe)
        let slice = try H264Payload(parsing: buffer("41 9a 02  // NRI=2 type=1: non-IDR slice"))
        #expect(slice.nalUnitType == 1)
        #expect(slice.nalReferenceIndicator == 2)
        #expect(!slice.startsKeyframe)
        let units = Array(slice.nalUnits(in: buffer("41 9a 02")))
        #expect(units == [.init(type: 1, range: 0..<3)])
    }

    @Test func stapAWithSPSPPSAndIDR() throws {
        let payload = buffer(Self.stapA)
        let parsed = try H264Payload(parsing: payload)
        #expect(parsed.packetization == .stapA(nalUnitCount: 3))
        #expect(parsed.nalUnitType == 24)
        #expect(parsed.nalReferenceIndicator == 3)
        #expect(parsed.startsKeyframe)
        let units = parsed.nalUnits(in: payload)
        #expect(Array(units) == [
            .init(type: 7, range: 3..<10), .init(type: 8, range: 12..<16), .init(type: 5, range: 18..<23),
        ])
        let slices = units.compactMap { units.bytes(of: $0) }
        #expect(slices.map(bytes) == [hexBytes(Self.sps), hexBytes(Self.pps), hexBytes(Self.idr)])

        var out = ByteBuffer()
        try H264Payload.writeSTAPA(slices, into: &out)
        #expect(bytes(out) == hexBytes(Self.stapA))
    }

    @Test func stapAWithoutKeyframe() throws {
        let payload = buffer("""
            78 00 04    // STAP-A, NALU 1 size 4
            68 ce 3c 80 // PPS
            00 02 41 9a // NALU 2: non-IDR slice
            """)
        let parsed = try H264Payload(parsing: payload)
        #expect(parsed.packetization == .stapA(nalUnitCount: 2))
        #expect(!parsed.startsKeyframe)
    }

    @Test func fuAFragments() throws {
        let start = try H264Payload(parsing: buffer(Self.fuAStart))
        #expect(start.packetization == .fuA(isStart: true, isEnd: false))
        #expect(start.nalUnitType == 5)
        #expect(start.nalReferenceIndicator == 3)
        #expect(start.startsKeyframe)
        #expect(Array(start.nalUnits(in: buffer(Self.fuAStart))).isEmpty)
        let middle = try H264Payload(parsing: buffer(Self.fuAMiddle))
        #expect(middle.packetization == .fuA(isStart: false, isEnd: false))
        #expect(!middle.startsKeyframe)
        let end = try H264Payload(parsing: buffer(Self.fuAEnd))
        #expect(end.packetization == .fuA(isStart: false, isEnd: true))
        #expect(!end.startsKeyframe)

        // Re-fragment the IDR slice: header 0x65, body 88 84 | 00 | 33.
        var out = ByteBuffer()
        H264Payload.writeFUA(nalHeader: 0x65, isStart: true, isEnd: false, fragment: buffer("88 84"), into: &out)
        #expect(bytes(out) == hexBytes(Self.fuAStart))
        out.clear()
        H264Payload.writeFUA(nalHeader: 0x65, isStart: false, isEnd: false, fragment: buffer("00"), into: &out)
        #expect(bytes(out) == hexBytes(Self.fuAMiddle))
        out.clear()
        H264Payload.writeFUA(nalHeader: 0x65, isStart: false, isEnd: true, fragment: buffer("33"), into: &out)
        #expect(bytes(out) == hexBytes(Self.fuAEnd))
    }

    @Test func specificErrors() {
        #expect(throws: PayloadDescriptorError.truncated(at: 0, need: 1)) { try H264Payload(parsing: ByteBuffer()) }
        for type: UInt8 in [0, 25, 26, 27, 29, 30, 31] {
            #expect(throws: PayloadDescriptorError.unsupportedNALUnitType(type)) { try H264Payload(parsing: ByteBuffer(bytes: [type, 0])) }
        }
        #expect(throws: PayloadDescriptorError.truncated(at: 1, need: 2)) { try H264Payload(parsing: buffer("78")) }
        #expect(throws: PayloadDescriptorError.badAggregationUnit(at: 1, size: 0)) { try H264Payload(parsing: buffer("78 00 00 65")) }
        #expect(throws: PayloadDescriptorError.truncated(at: 3, need: 5)) { try H264Payload(parsing: buffer("78 00 05 65 88")) }
        #expect(throws: PayloadDescriptorError.truncated(at: 5, need: 2)) { try H264Payload(parsing: buffer("78 00 02 65 88 00")) }
        #expect(throws: PayloadDescriptorError.truncated(at: 1, need: 1)) { try H264Payload(parsing: buffer("7c")) }

        var out = ByteBuffer()
        #expect(throws: PayloadDescriptorError.badAggregationUnit(at: 1, size: 0)) { try H264Payload.writeSTAPA([ByteBuffer](), into: &out) }
        #expect(throws: PayloadDescriptorError.badAggregationUnit(at: 4, size: 0)) {
            try H264Payload.writeSTAPA([buffer("65"), ByteBuffer()], into: &out)
        }
        #expect(out.readableBytes == 0)
    }
}
