// SRTP's cost per packet: protect and unprotect of a 1,000-byte RTP payload
// (a typical video packet) for every profile, with allocations per call
// when bench/malloc-count is preloaded. Run it once as is and once with
// SWITCHBOARD_SRTP_CIPHERS=libsrtp to compare Switchboard's OpenSSL
// ciphers with the libsrtp2 build's own (NSS on Debian):
//
//   .build/release/SRTPBench [profile...]
//   SWITCHBOARD_SRTP_CIPHERS=libsrtp .build/release/SRTPBench
import BenchSupport
import NIOCore
import SRTP

print("ciphers: \(SRTPCipherImplementation.summary)")
print(row(["profile", "protect ns", "allocs", "unprotect ns", "allocs"]))
let payloadLength = 1_000
let iterations = 20_000

// Profile names on the command line (e.g. aeadAES128GCM) pick some.
let chosen = CommandLine.arguments.dropFirst()
for profile in SRTPProfile.allCases where chosen.isEmpty || chosen.contains("\(profile)") {
    let material = (0..<profile.keyingMaterialLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
    let sender = try SRTPContext(exportedKeyingMaterial: material, profile: profile, role: .client)
    let receiver = try SRTPContext(
        exportedKeyingMaterial: material, profile: profile, role: .server,
        inboundOptions: SRTPSession.Options(replayWindowSize: 1_024))
    // One buffer per call, made before counting: protect and unprotect
    // then work in place, so every allocation counted is SRTP's. Each
    // sequence number is protected and unprotected once (the replay
    // window refuses a second time).
    let total = iterations * 8  // the warm-up round and seven timed ones
    var packets = (0..<total).map { index in
        var packet = ByteBuffer()
        packet.reserveCapacity(12 + payloadLength + 64)
        packet.writeBytes([0x80, 96])
        packet.writeInteger(UInt16(truncatingIfNeeded: index))
        packet.writeBytes([0, 0, 0, 0, 0xCA, 0xFE, 0xBA, UInt8(truncatingIfNeeded: index >> 16)])
        packet.writeBytes(repeatElement(UInt8(0x5A), count: payloadLength))
        return packet
    }
    var next = 0
    let before = AllocationCounter.count
    let protect = measure("protect", iterations: iterations) { _ in
        try! sender.protect(rtp: &packets[next])
        next += 1
    }
    let protectAllocations = AllocationCounter.count.map { Double($0 - before!) / Double(total) }
    next = 0
    let beforeUnprotect = AllocationCounter.count
    let unprotect = measure("unprotect", iterations: iterations) { _ in
        try! receiver.unprotect(rtp: &packets[next])
        next += 1
    }
    let unprotectAllocations = AllocationCounter.count.map { Double($0 - beforeUnprotect!) / Double(total) }
    print(row([
        "\(profile)", "\(Int(protect.nanosecondsPerOperation))", cell(protectAllocations),
        "\(Int(unprotect.nanosecondsPerOperation))", cell(unprotectAllocations),
    ]))
}

func cell(_ value: Double?) -> String {
    guard let value else { return "-" }
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

func row(_ cells: [String]) -> String {
    zip(cells, [22, 12, 8, 14, 8]).map { text, width in
        String(repeating: " ", count: max(0, width - text.count)) + text
    }.joined()
}
