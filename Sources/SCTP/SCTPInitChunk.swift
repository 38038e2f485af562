import NIOCore

/// INIT and INIT-ACK share one layout (RFC 9260 §3.3.2, §3.3.3): the
/// sender's tag, window, stream counts and first TSN, then parameters
/// (the state cookie in an INIT-ACK).
public struct SCTPInitChunk: Sendable, Hashable {
    public var initiateTag: UInt32
    public var advertisedReceiverWindow: UInt32
    public var outboundStreams: UInt16
    public var inboundStreams: UInt16
    public var initialTSN: UInt32
    public var parameters: [SCTPParameter]

    public init(
        initiateTag: UInt32, advertisedReceiverWindow: UInt32, outboundStreams: UInt16, inboundStreams: UInt16,
        initialTSN: UInt32, parameters: [SCTPParameter] = []
    ) {
        self.initiateTag = initiateTag
        self.advertisedReceiverWindow = advertisedReceiverWindow
        self.outboundStreams = outboundStreams
        self.inboundStreams = inboundStreams
        self.initialTSN = initialTSN
        self.parameters = parameters
    }

    init(reader: inout SCTPReader) throws(SCTPError) {
        guard reader.remaining >= 16 else { throw .chunkTooShort(type: SCTPChunkType.initiation, length: reader.remaining + 4) }
        initiateTag = try reader.read()
        advertisedReceiverWindow = try reader.read()
        outboundStreams = try reader.read()
        inboundStreams = try reader.read()
        initialTSN = try reader.read()
        parameters = try SCTPParameter.readAll(from: &reader)
    }

    /// The state cookie parameter's value (INIT-ACK).
    public var stateCookie: ByteBuffer? {
        parameters.first { $0.type == SCTPParameter.stateCookie }?.value
    }

    /// Whether the sender supports FORWARD-TSN (RFC 3758 §3.1), by either
    /// the Forward-TSN-Supported parameter or the supported extensions list.
    public var supportsForwardTSN: Bool {
        parameters.contains { $0.type == SCTPParameter.forwardTSNSupported } || supportedExtensions.contains(SCTPChunkType.forwardTSN)
    }

    /// Whether the sender supports RE-CONFIG (RFC 6525 §4.1).
    public var supportsReconfig: Bool { supportedExtensions.contains(SCTPChunkType.reconfig) }

    /// Chunk types listed in the Supported Extensions parameter (RFC 5061 §4.2.7).
    public var supportedExtensions: [UInt8] {
        guard let value = parameters.first(where: { $0.type == SCTPParameter.supportedExtensions })?.value else { return [] }
        return Array(value.readableBytesView)
    }

    func writeValue(into buffer: inout ByteBuffer) {
        buffer.writeInteger(initiateTag)
        buffer.writeInteger(advertisedReceiverWindow)
        buffer.writeInteger(outboundStreams)
        buffer.writeInteger(inboundStreams)
        buffer.writeInteger(initialTSN)
        for (index, parameter) in parameters.enumerated() { parameter.write(into: &buffer, padded: index < parameters.count - 1) }
    }
}
