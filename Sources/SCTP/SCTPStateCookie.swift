import COpenSSL
import NIOCore

/// The state cookie of an INIT-ACK (RFC 9260 §5.1.3): everything the
/// responder needs to create the association, signed with HMAC-SHA256
/// under a key only it knows, so it keeps no state until COOKIE-ECHO.
struct SCTPStateCookie: Sendable, Hashable {
    var localTag: UInt32
    var peerTag: UInt32
    var localInitialTSN: UInt32
    var peerInitialTSN: UInt32
    var peerReceiverWindow: UInt32
    var outboundStreams: UInt16
    var inboundStreams: UInt16
    var peerSupportsForwardTSN: Bool
    var peerSupportsReconfig: Bool
    /// Uptime in nanoseconds when the cookie was made, for its lifetime.
    var createdAt: UInt64

    static let version: UInt8 = 1
    static let bodySize = 1 + 4 * 5 + 2 * 2 + 2 + 8
    static let macSize = 32

    func signed(key: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(SCTPStateCookie.version)
        buffer.writeMultipleIntegers(localTag, peerTag, localInitialTSN, peerInitialTSN, peerReceiverWindow)
        buffer.writeMultipleIntegers(outboundStreams, inboundStreams)
        buffer.writeInteger(UInt8(peerSupportsForwardTSN ? 1 : 0))
        buffer.writeInteger(UInt8(peerSupportsReconfig ? 1 : 0))
        buffer.writeInteger(createdAt)
        buffer.writeBytes(SCTPStateCookie.mac(key: key, body: Array(buffer.readableBytesView)))
        return buffer
    }

    /// The cookie if `bytes` carries a valid signature under `key`, else nil.
    init?(verifying bytes: ByteBuffer, key: [UInt8]) {
        guard bytes.readableBytes == SCTPStateCookie.bodySize + SCTPStateCookie.macSize else { return nil }
        let all = Array(bytes.readableBytesView)
        let body = Array(all[0..<SCTPStateCookie.bodySize])
        let mac = Array(all[SCTPStateCookie.bodySize...])
        guard SCTPStateCookie.constantTimeEqual(mac, SCTPStateCookie.mac(key: key, body: body)) else { return nil }
        var reader = SCTPReader(ByteBuffer(bytes: body))
        guard (try? reader.read(UInt8.self)) == SCTPStateCookie.version,
            let localTag = try? reader.read(UInt32.self), let peerTag = try? reader.read(UInt32.self),
            let localTSN = try? reader.read(UInt32.self), let peerTSN = try? reader.read(UInt32.self),
            let window = try? reader.read(UInt32.self), let outbound = try? reader.read(UInt16.self),
            let inbound = try? reader.read(UInt16.self), let forward = try? reader.read(UInt8.self),
            let reconfig = try? reader.read(UInt8.self), let created = try? reader.read(UInt64.self)
        else { return nil }
        self.init(
            localTag: localTag, peerTag: peerTag, localInitialTSN: localTSN, peerInitialTSN: peerTSN,
            peerReceiverWindow: window, outboundStreams: outbound, inboundStreams: inbound,
            peerSupportsForwardTSN: forward == 1, peerSupportsReconfig: reconfig == 1, createdAt: created)
    }

    init(
        localTag: UInt32, peerTag: UInt32, localInitialTSN: UInt32, peerInitialTSN: UInt32, peerReceiverWindow: UInt32,
        outboundStreams: UInt16, inboundStreams: UInt16, peerSupportsForwardTSN: Bool, peerSupportsReconfig: Bool,
        createdAt: UInt64
    ) {
        self.localTag = localTag
        self.peerTag = peerTag
        self.localInitialTSN = localInitialTSN
        self.peerInitialTSN = peerInitialTSN
        self.peerReceiverWindow = peerReceiverWindow
        self.outboundStreams = outboundStreams
        self.inboundStreams = inboundStreams
        self.peerSupportsForwardTSN = peerSupportsForwardTSN
        self.peerSupportsReconfig = peerSupportsReconfig
        self.createdAt = createdAt
    }

    static func mac(key: [UInt8], body: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var size: UInt32 = 0
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBufferPointer { keyPointer in
            body.withUnsafeBufferPointer { bodyPointer in
                output.withUnsafeMutableBufferPointer { out in
                    HMAC(EVP_sha256(), keyPointer.baseAddress, Int32(key.count), bodyPointer.baseAddress, body.count, out.baseAddress, &size)
                }
            }
        }
        return result == nil ? [] : output
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count, !a.isEmpty else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
