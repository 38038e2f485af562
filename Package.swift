// swift-tools-version: 6.2
// Switchboard: a selective forwarding unit for WebRTC.
// Layers and what each target may import: see README.md, "Architecture".
import PackageDescription

let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
// The per-packet targets skip the runtime exclusivity checks of class and
// global accesses (the compile-time ones stay): measured with
// bench/saturate-ab, swift_beginAccess was ~3% of a saturated server,
// most of it in ByteBuffer code inlined into these modules.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

let package = Package(
    name: "switchboard",
    products: [
        .library(name: "STUN", targets: ["STUN"]),
        .library(name: "RTP", targets: ["RTP"]),
        .library(name: "RTCP", targets: ["RTCP"]),
        .library(name: "SDP", targets: ["SDP"]),
        .library(name: "ICELite", targets: ["ICELite"]),
        .library(name: "TURN", targets: ["TURN"]),
        .library(name: "DTLS", targets: ["DTLS"]),
        .library(name: "SRTP", targets: ["SRTP"]),
        .library(name: "MediaTransport", targets: ["MediaTransport"]),
        .library(name: "SignalingMessages", targets: ["SignalingMessages"]),
        .library(name: "Codecs", targets: ["Codecs"]),
        .library(name: "Bots", targets: ["Bots"]),
        .library(name: "MediaNegotiation", targets: ["MediaNegotiation"]),
        .library(name: "Rooms", targets: ["Rooms"]),
        .library(name: "SCTP", targets: ["SCTP"]),
        .library(name: "DataChannel", targets: ["DataChannel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(name: "CSRTP", pkgConfig: "libsrtp2", providers: [.apt(["libsrtp2-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CVPX", pkgConfig: "vpx", providers: [.apt(["libvpx-dev"])]),

        // Layer 0: wire formats. Value types, parse and serialize, no I/O.
        .target(name: "STUN", dependencies: [nioCore, "COpenSSL"]),
        .target(name: "RTP", dependencies: [nioCore], swiftSettings: hotPath),
        .target(name: "RTCP", dependencies: [nioCore]),
        .target(name: "SDP"),
        .target(name: "SignalingMessages"),

        // Layer 1: protocol engines. State machines driven by events (a
        // datagram, a time) that return actions; no sockets.
        .target(name: "ICELite", dependencies: ["STUN", nioCore]),
        .target(name: "DTLS", dependencies: ["COpenSSL", nioCore]),
        .target(name: "SRTP", dependencies: ["CSRTP", "COpenSSL", nioCore], swiftSettings: hotPath),
        .target(name: "TURN", dependencies: ["STUN", "COpenSSL", nioCore]),
        // SCTP over DTLS for data channels: chunk formats (layer 0) and the
        // association engine; DCEP and data channel endpoints on top.
        .target(name: "SCTP", dependencies: ["COpenSSL", nioCore]),
        .target(name: "DataChannel", dependencies: ["SCTP", nioCore]),

        // Layer 1: per-stream RTP state (NACK, reports, congestion control).
        .target(name: "RTPStreams", dependencies: ["RTP", "RTCP", nioCore], swiftSettings: hotPath),

        // Layer 1: libvpx / libopus encoders and the synthetic media of the bots.
        .target(name: "Codecs", dependencies: ["CVPX", "COpus"]),

        // Layer 2: the SFU domain. Offer/answer, rooms and forwarding.
        .target(name: "MediaNegotiation", dependencies: ["SDP", "RTP"]),
        .target(name: "Rooms", dependencies: ["MediaNegotiation", "RTP", "RTCP", "RTPStreams", "SDP", "DataChannel", nioCore], swiftSettings: hotPath),
        .target(name: "Recording", dependencies: ["Rooms", "MediaNegotiation", "RTP", "RTCP", nioCore]),

        // Layer 3: I/O. NIO UDP workers driving the layer-1 engines per peer.
        .target(
            name: "MediaTransport",
            dependencies: [
                "STUN", "RTP", "RTCP", "ICELite", "DTLS", "SRTP", "TURN", "SCTP", "DataChannel", "SDP", "MediaNegotiation",
                nioCore, nioPosix, logging,
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: hotPath
        ),

        // Layer 3: node registry and room claims in PostgreSQL; nothing else
        // touches the database.
        .target(
            name: "Cluster",
            dependencies: [
                nioCore, logging, .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        .target(
            name: "SignalingServer",
            dependencies: [
                "SignalingMessages", "MediaNegotiation", "Rooms", "Recording", "MediaTransport", "DTLS", "ICELite", "SDP", "RTP",
                "TURN", "Cluster", "DataChannel", "SCTP",
                nioCore, nioPosix, logging,
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                // Cascade relays join other nodes' signaling as clients (wss for https nodes).
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/Demo")],
            swiftSettings: hotPath
        ),
        // Layer 3: bot peers (client role of the same stack) and the load test.
        .target(
            name: "Bots",
            dependencies: [
                "Codecs", "MediaTransport", "MediaNegotiation", "SignalingMessages", "SDP", "RTP", "RTCP",
                "RTPStreams", "DTLS", "ICELite", nioCore, nioPosix, logging,
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SignalingServer", "Bots", logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Used by tests only.
        // The SCTP engine over stdin/stdout, for the aiortc interop test.
        .executableTarget(
            name: "sctp-interop-probe", dependencies: ["DataChannel", "SCTP", nioCore], path: "Tests/Interop/SCTPProbe"),
        .target(name: "TestSupport", dependencies: [nioCore, "SDP", "MediaNegotiation"], path: "Tests/TestSupport"),

        .testTarget(name: "SystemLibrariesTests", dependencies: ["CSRTP", "COpenSSL", "COpus", "CVPX"]),
        .testTarget(name: "STUNTests", dependencies: ["STUN", "TestSupport", nioCore]),
        .testTarget(name: "RTPTests", dependencies: ["RTP", "TestSupport", nioCore]),
        .testTarget(name: "RTCPTests", dependencies: ["RTCP", "TestSupport", nioCore]),
        .testTarget(name: "ICELiteTests", dependencies: ["ICELite", "STUN", "TestSupport", nioCore]),
        .testTarget(name: "TURNTests", dependencies: ["TURN", "STUN", "TestSupport", nioCore]),
        .testTarget(name: "SCTPTests", dependencies: ["SCTP", "TestSupport", nioCore]),
        .testTarget(name: "DataChannelTests", dependencies: ["DataChannel", "SCTP", "TestSupport", nioCore]),
        .testTarget(name: "DTLSTests", dependencies: ["DTLS", "TestSupport", nioCore]),
        .testTarget(name: "SRTPTests", dependencies: ["SRTP", "TestSupport", nioCore]),
        .testTarget(
            name: "MediaTransportTests",
            dependencies: [
                "MediaTransport", "DataChannel", "ICELite", "DTLS", "STUN", "TURN", "TestSupport", nioCore, nioPosix, logging,
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "SignalingMessagesTests", dependencies: ["SignalingMessages", "TestSupport"]),
        .testTarget(name: "MediaNegotiationTests", dependencies: ["MediaNegotiation", "SDP", "TestSupport"]),
        .testTarget(name: "RoomsTests", dependencies: ["Rooms", "DataChannel", "MediaNegotiation", "RTP", "RTCP", "RTPStreams", "SDP", "TestSupport", nioCore]),
        .testTarget(
            name: "SignalingServerTests",
            dependencies: [
                "SignalingServer", "SignalingMessages", "Rooms", "MediaTransport", "DTLS", "TURN", "SDP", nioCore, nioPosix,
                logging,
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "RTPStreamsTests", dependencies: ["RTPStreams", "RTP", "RTCP", "TestSupport", nioCore]),
        .testTarget(name: "RecordingTests", dependencies: ["Recording", "Rooms", "MediaNegotiation", "SDP", "RTP", "CVPX", "COpus", "TestSupport", nioCore]),
        .testTarget(name: "SDPTests", dependencies: ["SDP", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs", "RTP", nioCore]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster"]),
        .testTarget(
            name: "BotsTests",
            dependencies: ["Bots", "Codecs", "MediaNegotiation", "MediaTransport", "SDP", "RTP", "RTCP", "SignalingMessages", nioCore]),
    ],
    swiftLanguageModes: [.v6]
)
