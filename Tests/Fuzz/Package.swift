// swift-tools-version: 6.2
// libFuzzer entry points: one per parser, a room driven by its peers'
// packets, an established DTLS session, and SCTP data channel endpoints.
// Built with `-sanitize=fuzzer` by `make fuzz`; see README.md ("Fuzzing").
import PackageDescription

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport", .product(name: "NIOCore", package: "swift-nio")]
            + products.map { .product(name: $0, package: "switchboard") }
    )
}

let package = Package(
    name: "switchboard-fuzz",
    dependencies: [
        .package(name: "switchboard", path: "../.."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "FuzzSupport"),
        fuzzTarget("FuzzSTUN", ["STUN"]),
        fuzzTarget("FuzzRTP", ["RTP"]),
        fuzzTarget("FuzzPayloadDescriptors", ["RTP"]),
        fuzzTarget("FuzzRTCP", ["RTCP"]),
        fuzzTarget("FuzzSDP", ["SDP"]),
        fuzzTarget("FuzzSignalingMessages", ["SignalingMessages"]),
        fuzzTarget("FuzzRoom", ["Rooms", "MediaNegotiation", "SDP", "RTP", "RTCP"]),
        fuzzTarget("FuzzDTLSSession", ["DTLS"]),
        fuzzTarget("FuzzTURN", ["TURN", "STUN"]),
        fuzzTarget("FuzzICETCPFraming", ["ICELite"]),
        fuzzTarget("FuzzSCTP", ["SCTP", "DataChannel"]),
    ],
    swiftLanguageModes: [.v6]
)
