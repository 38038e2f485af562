// Per-packet cost of the wire formats, in a release build: `make bench`.
// Prints a markdown table; `--json FILE` also writes the figures as JSON.
import BenchSupport
import Foundation
import NIOCore
import RTCP
import RTP
import SDP
import STUN

let received = SamplePackets.vp8()
var results: [BenchMeasurement] = []

// The forwarder's work per packet and subscriber: copy the received packet
// into the subscriber's reused send buffer, parse it, rewrite SSRC,
// sequence number, timestamp, payload type, the VP8 picture ID and
// TL0PICIDX and the transport-wide sequence number, leaving it ready for
// SRTP protection.
var sendBuffer = ByteBuffer()
sendBuffer.reserveCapacity(1_500)
results.append(
    measure("RTP forward: copy + parse + rewrite seq/ts/SSRC/PT + VP8 picture ID/TL0PICIDX + TWCC seq", iterations: 1_000_000) { index in
        sendBuffer.clear()
        sendBuffer.writeImmutableBuffer(received)
        guard var header = try? RTPHeader(parsing: sendBuffer) else { fatalError("sample packet does not parse") }
        header.setSSRC(0xCAFE_F00D, in: &sendBuffer)
        header.setSequenceNumber(UInt16(truncatingIfNeeded: index), in: &sendBuffer)
        header.setTimestamp(UInt32(truncatingIfNeeded: index &* 3_000), in: &sendBuffer)
        header.setPayloadType(100, in: &sendBuffer)
        try? header.setExtensionValue(id: 3, to: TransportSequenceNumberExtension(sequenceNumber: UInt16(truncatingIfNeeded: index)), in: &sendBuffer)
        let payloadIndex = header.payloadIndex(in: sendBuffer)
        guard let payload = header.payload(in: sendBuffer),
            var descriptor = try? VP8PayloadDescriptor(parsing: payload)
        else { fatalError("sample VP8 descriptor does not parse") }
        _ = descriptor.setPictureID(UInt16(truncatingIfNeeded: index), in: &sendBuffer, payloadIndex: payloadIndex)
        _ = descriptor.setTL0PictureIndex(UInt8(truncatingIfNeeded: index), in: &sendBuffer, payloadIndex: payloadIndex)
        blackHole(sendBuffer)
    })

// Parsing alone, on the received buffer: what every inbound packet costs
// before any forwarding decision.
results.append(
    measure("RTP parse header + VP8 descriptor + keyframe check", iterations: 1_000_000) { _ in
        guard let packet = try? RTPPacket(parsing: received),
            let descriptor = try? VP8PayloadDescriptor(parsing: packet.payload)
        else { fatalError("sample packet does not parse") }
        blackHole(descriptor.startsKeyframe(payload: packet.payload))
    })

// STUN: an ICE connectivity check as a browser sends it, checked, and the
// answer built, as the ICE-lite agent does for each check.
let password = STUNKey.shortTerm(password: "a1b2c3d4e5f6g7h8i9j0k1l2")
let request = STUNMessage.bindingRequest(
    username: "srvr:clnt", priority: 0x6E00_01FF, role: .controlling(tieBreaker: 0x1234_5678_9ABC_DEF0),
    useCandidate: true
).serialized(integrityKey: password, fingerprint: true)
let mapped = STUNAddress(ipv4: 127, 0, 0, 1, port: 50_000)
results.append(
    measure("STUN check: parse + verify MESSAGE-INTEGRITY + FINGERPRINT + build success response", iterations: 200_000) { _ in
        guard let check = try? STUNMessage(parsing: request),
            check.checkMessageIntegrity(key: password) == .valid, check.checkFingerprint() == .valid
        else { fatalError("sample check does not verify") }
        blackHole(STUNMessage.bindingSuccess(to: check, mappedAddress: mapped).serialized(integrityKey: password, fingerprint: true))
    })

// RTCP: a compound SR + SDES walked with the non-allocating iterator, and a
// transport-wide CC feedback for 50 packets decoded.
var compound = ByteBuffer()
RTCPCompoundPacket(packets: [
    .senderReport(SenderReport(ssrc: 0x1111_2222, ntpTime: 0xE000_0000_8000_0000, rtpTime: 90_000, packetCount: 100, octetCount: 100_000)),
    .sourceDescription(SourceDescription(chunks: [.init(source: 0x1111_2222, items: [.init(type: .cname, text: "abcdefgh")])])),
]).write(into: &compound)
results.append(
    measure("RTCP compound SR + SDES: iterate + parse each", iterations: 1_000_000) { _ in
        var iterator = RTCPPacketIterator(compound)
        while let element = try? iterator.next() { blackHole(try? iterator.packet(element)) }
    })
let arrivals: [TWCCPacketResult] = (0..<50).map { offset in
    let arrival: Int64? = offset % 10 == 7 ? nil : Int64(64_000_000 + offset * 5_000)
    return TWCCPacketResult(sequenceNumber: UInt16(100 + offset), arrivalTime: arrival)
}
let feedback = try! TransportLayerCC(
    senderSSRC: 1, mediaSSRC: 2, feedbackPacketCount: 0, baseSequenceNumber: 100, referenceTime: 1_000,
    packets: arrivals)
var feedbackBytes = ByteBuffer()
feedback.write(into: &feedbackBytes)
results.append(
    measure("RTCP TWCC feedback of 50 packets: parse + decode arrivals", iterations: 200_000) { _ in
        var input = feedbackBytes
        guard let parsed = try? TransportLayerCC(parsing: &input) else { fatalError("sample TWCC does not parse") }
        var received = 0
        try? parsed.forEachPacketResult { result in if result.arrivalTime != nil { received += 1 } }
        blackHole(received)
    })

// SDP: a real Chromium offer, parsed and written back (signaling path).
let fixture = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().appendingPathComponent("../../../Tests/SDPTests/Fixtures/chromium-simulcast.sdp")
if let offer = try? String(contentsOf: fixture, encoding: .utf8) {
    results.append(
        measure("SDP Chromium simulcast offer: parse + serialize", iterations: 2_000) { _ in
            guard let session = try? SessionDescription(parsing: offer) else { fatalError("fixture does not parse") }
            blackHole(session.serialized())
        })
}

print("| benchmark | ns per operation (median of 7) | fastest | slowest |")
print("| --- | ---: | ---: | ---: |")
for result in results {
    print(String(format: "| %@ | %.0f | %.0f | %.0f |", result.name, result.nanosecondsPerOperation, result.fastest, result.slowest))
}

if let flag = CommandLine.arguments.firstIndex(of: "--json"), flag + 1 < CommandLine.arguments.count {
    let entries = results.map {
        "  {\"name\": \"\($0.name)\", \"ns_per_op\": \(Int($0.nanosecondsPerOperation.rounded()))}"
    }
    try "[\n\(entries.joined(separator: ",\n"))\n]\n".write(toFile: CommandLine.arguments[flag + 1], atomically: true, encoding: .utf8)
}
