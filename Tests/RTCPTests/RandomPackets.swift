import NIOCore
import RTCP
import TestSupport

/// Random valid packets of every type, for property tests.
struct RandomPackets {
    var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    mutating func u32() -> UInt32 { UInt32.random(in: 0...UInt32.max, using: &random) }
    mutating func u16() -> UInt16 { UInt16.random(in: 0...UInt16.max, using: &random) }
    mutating func u8() -> UInt8 { UInt8.random(in: 0...UInt8.max, using: &random) }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    /// Mostly small, one time in eight anywhere up to the field's limit.
    mutating func fewOrUpTo(_ limit: Int) -> Int { count(0...(count(0...7) == 0 ? limit : min(limit, 3))) }

    /// Aligned, as a profile extension or APP data normally is; sometimes
    /// not, which the writer pads.
    mutating func data(aligned: Bool) -> ByteBuffer {
        let length = aligned ? 4 * count(0...6) : count(0...23)
        return ByteBuffer(bytes: random.bytes(length))
    }

    mutating func receptionReport() -> ReceptionReport {
        ReceptionReport(
            ssrc: u32(), fractionLost: u8(), totalLost: Int32.random(in: ReceptionReport.totalLostRange, using: &random),
            extendedHighestSequenceNumber: u32(), jitter: u32(), lastSenderReport: u32(),
            delaySinceLastSenderReport: u32())
    }

    mutating func reports() -> [ReceptionReport] {
        (0..<fewOrUpTo(31)).map { _ in receptionReport() }
    }

    mutating func senderReport(aligned: Bool = true) -> SenderReport {
        SenderReport(
            ssrc: u32(), ntpTime: UInt64.random(in: 0...UInt64.max, using: &random), rtpTime: u32(),
            packetCount: u32(), octetCount: u32(), reports: reports(), profileExtension: data(aligned: aligned))
    }

    mutating func receiverReport(aligned: Bool = true) -> ReceiverReport {
        ReceiverReport(ssrc: u32(), reports: reports(), profileExtension: data(aligned: aligned))
    }

    mutating func sourceDescription() -> SourceDescription {
        SourceDescription(
            chunks: (0..<fewOrUpTo(31)).map { _ in
                SourceDescription.Chunk(
                    source: u32(),
                    items: (0..<count(0...4)).map { _ in
                        SourceDescription.Item(
                            type: .init(rawValue: UInt8.random(in: 1...255, using: &random)),
                            value: random.bytes(fewOrUpTo(255)))
                    })
            })
    }

    mutating func goodbye() -> Goodbye {
        let sources = (0..<fewOrUpTo(31)).map { _ in u32() }
        return Goodbye(sources: sources, reason: Bool.random(using: &random) ? random.bytes(fewOrUpTo(255)) : nil)
    }

    mutating func applicationDefined(aligned: Bool = true) -> ApplicationDefined {
        ApplicationDefined(subtype: UInt8.random(in: 0...31, using: &random), ssrc: u32(), name: u32(), data: data(aligned: aligned))
    }

    mutating func nack() -> TransportLayerNACK {
        TransportLayerNACK(
            senderSSRC: u32(), mediaSSRC: u32(),
            pairs: (0..<count(1...20)).map { _ in TransportLayerNACK.Pair(packetID: u16(), lostPackets: u16()) })
    }

    /// Arbitrary wire chunks with deltas matching them.
    mutating func transportLayerCC() -> TransportLayerCC {
        var chunks: [TWCCPacketChunk] = []
        var symbols: [TWCCStatusSymbol] = []
        for _ in 0..<count(0...12) {
            let chunk: TWCCPacketChunk
            switch count(0...2) {
            case 0:
                chunk = .runLength(TWCCStatusSymbol.allCases.randomElement(using: &random)!, length: UInt16(count(1...40)))
            case 1:
                chunk = TWCCPacketChunk(oneBit: (0..<14).map { _ in Bool.random(using: &random) ? .receivedSmallDelta : .notReceived })
            default:
                chunk = TWCCPacketChunk(twoBit: (0..<7).map { _ in TWCCStatusSymbol.allCases.randomElement(using: &random)! })
            }
            chunks.append(chunk)
            symbols += chunk.symbols
        }
        // The last chunk may describe more packets than counted.
        let lastSize = chunks.last?.symbolCount ?? 0
        let packetCount = symbols.count - (lastSize > 0 ? count(0...(lastSize - 1)) : 0)
        let deltas = symbols.prefix(packetCount).compactMap { symbol -> TWCCReceiveDelta? in
            switch symbol {
            case .notReceived: nil
            case .receivedSmallDelta: .small(u8())
            case .receivedLargeDelta: .large(Int16.random(in: .min ... .max, using: &random))
            }
        }
        return TransportLayerCC(
            senderSSRC: u32(), mediaSSRC: u32(), baseSequenceNumber: u16(), packetStatusCount: UInt16(packetCount),
            referenceTime: Int32.random(in: TransportLayerCC.referenceTimeRange, using: &random), feedbackPacketCount: u8(),
            chunks: chunks, receiveDeltas: deltas)
    }

    mutating func pictureLossIndication() -> PictureLossIndication {
        PictureLossIndication(senderSSRC: u32(), mediaSSRC: u32())
    }

    mutating func fullIntraRequest() -> FullIntraRequest {
        FullIntraRequest(
            senderSSRC: u32(), mediaSSRC: u32(),
            entries: (0..<count(1...8)).map { _ in FullIntraRequest.Entry(ssrc: u32(), sequenceNumber: u8()) })
    }

    mutating func remb() -> ReceiverEstimatedMaximumBitrate {
        ReceiverEstimatedMaximumBitrate(
            senderSSRC: u32(), mediaSSRC: u32(), exponent: UInt8.random(in: 0...63, using: &random),
            mantissa: UInt32.random(in: 0...ReceiverEstimatedMaximumBitrate.maxMantissa, using: &random),
            ssrcs: (0..<count(0...20)).map { _ in u32() })
    }

    mutating func unknown() -> RTCPPacket {
        // Types and FMTs nobody here parses: XR (207), RTPFB FMT 3, PSFB FMT 2.
        let (type, fmt): (UInt8, UInt8) = [(207, UInt8.random(in: 0...31, using: &random)), (205, 3), (206, 2)]
            .randomElement(using: &random)!
        return .unknown(packetType: .init(rawValue: type), count: fmt, body: data(aligned: true))
    }

    mutating func packet() -> RTCPPacket {
        switch count(0...10) {
        case 0: .senderReport(senderReport())
        case 1: .receiverReport(receiverReport())
        case 2: .sourceDescription(sourceDescription())
        case 3: .goodbye(goodbye())
        case 4: .applicationDefined(applicationDefined())
        case 5: .transportLayerNACK(nack())
        case 6: .transportLayerCC(transportLayerCC())
        case 7: .pictureLossIndication(pictureLossIndication())
        case 8: .fullIntraRequest(fullIntraRequest())
        case 9: .receiverEstimatedMaximumBitrate(remb())
        default: unknown()
        }
    }

    mutating func compound() -> RTCPCompoundPacket {
        RTCPCompoundPacket(packets: (0..<count(1...6)).map { _ in packet() })
    }
}
