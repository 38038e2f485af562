// swift-tools-version: 6.2
// Micro benchmarks of the per-packet wire-format work; `make bench` runs
// them in a release build.
import PackageDescription

let package = Package(
    name: "switchboard-bench",
    dependencies: [
        .package(name: "switchboard", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The timing loop every bench shares.
        .target(name: "BenchSupport"),
        .executableTarget(
            name: "WireBench",
            dependencies: [
                "BenchSupport",
                .product(name: "RTP", package: "switchboard"),
                .product(name: "RTCP", package: "switchboard"),
                .product(name: "STUN", package: "switchboard"),
                .product(name: "SDP", package: "switchboard"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The Rooms forwarding path: one publisher, N counting subscribers.
        .executableTarget(
            name: "ForwardingBench",
            dependencies: [
                "BenchSupport",
                .product(name: "Rooms", package: "switchboard"),
                .product(name: "MediaNegotiation", package: "switchboard"),
                .product(name: "RTP", package: "switchboard"),
                .product(name: "SDP", package: "switchboard"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The SCTP engine moving data channel messages between two associations.
        .executableTarget(
            name: "SCTPBench",
            dependencies: [
                "BenchSupport",
                .product(name: "SCTP", package: "switchboard"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // SRTP protect and unprotect per profile, and their allocations.
        .executableTarget(
            name: "SRTPBench",
            dependencies: [
                "BenchSupport",
                .product(name: "SRTP", package: "switchboard"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "HandshakeBench",
            dependencies: [
                .product(name: "MediaTransport", package: "switchboard"),
                .product(name: "ICELite", package: "switchboard"),
                .product(name: "DTLS", package: "switchboard"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
