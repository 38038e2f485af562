import NIOCore

/// One chunk of an SCTP packet: type, flags and a value, padded to 4
/// bytes on the wire (RFC 9260 §3.2).
public enum SCTPChunk: Sendable, Hashable {
    case data(SCTPDataChunk)
    case initiation(SCTPInitChunk)
    case initiationAck(SCTPInitChunk)
    case selectiveAck(SCTPSelectiveAck)
    case heartbeat(info: ByteBuffer)
    case heartbeatAck(info: ByteBuffer)
    /// ABORT; `reflected` is the T bit (the verification tag is the sender's own).
    case abort(reflected: Bool, causes: [SCTPErrorCause])
    case shutdown(cumulativeTSNAck: UInt32)
    case shutdownAck
    case shutdownComplete(reflected: Bool)
    case error(causes: [SCTPErrorCause])
    case cookieEcho(cookie: ByteBuffer)
    case cookieAck
    case forwardTSN(SCTPForwardTSN)
    case reconfig(SCTPReconfig)
    case unknown(type: UInt8, flags: UInt8, value: ByteBuffer)

    /// Parses the chunk at the reader, leaving it after the chunk's padding.
    static func read(from reader: inout SCTPReader) throws(SCTPError) -> SCTPChunk {
        let start = reader.offset
        let type: UInt8 = try reader.read()
        let flags: UInt8 = try reader.read()
        let length = Int(try reader.read(UInt16.self))
        guard length >= 4, length - 4 <= reader.remaining else { throw .badLength(at: start, length: length) }
        let value = try reader.slice(length - 4)
        reader.skipPadding(after: length)
        return try SCTPChunk(type: type, flags: flags, value: value, at: start + 4)
    }

    init(type: UInt8, flags: UInt8, value: ByteBuffer, at offset: Int) throws(SCTPError) {
        var reader = SCTPReader(value, base: offset)
        func needs(_ size: Int) throws(SCTPError) {
            guard value.readableBytes >= size else { throw .chunkTooShort(type: type, length: value.readableBytes + 4) }
        }
        switch type {
        case SCTPChunkType.data: self = .data(try SCTPDataChunk(flags: flags, reader: &reader))
        case SCTPChunkType.initiation: self = .initiation(try SCTPInitChunk(reader: &reader))
        case SCTPChunkType.initiationAck: self = .initiationAck(try SCTPInitChunk(reader: &reader))
        case SCTPChunkType.selectiveAck: self = .selectiveAck(try SCTPSelectiveAck(reader: &reader))
        case SCTPChunkType.heartbeat: self = .heartbeat(info: value)
        case SCTPChunkType.heartbeatAck: self = .heartbeatAck(info: value)
        case SCTPChunkType.abort:
            self = .abort(reflected: flags & 1 == 1, causes: try SCTPErrorCause.readAll(from: &reader))
        case SCTPChunkType.shutdown:
            try needs(4)
            self = .shutdown(cumulativeTSNAck: try reader.read())
        case SCTPChunkType.shutdownAck: self = .shutdownAck
        case SCTPChunkType.shutdownComplete: self = .shutdownComplete(reflected: flags & 1 == 1)
        case SCTPChunkType.error: self = .error(causes: try SCTPErrorCause.readAll(from: &reader))
        case SCTPChunkType.cookieEcho: self = .cookieEcho(cookie: value)
        case SCTPChunkType.cookieAck: self = .cookieAck
        case SCTPChunkType.forwardTSN: self = .forwardTSN(try SCTPForwardTSN(reader: &reader))
        case SCTPChunkType.reconfig: self = .reconfig(try SCTPReconfig(reader: &reader))
        default: self = .unknown(type: type, flags: flags, value: value)
        }
    }

    /// The chunk's type number.
    public var type: UInt8 {
        switch self {
        case .data: SCTPChunkType.data
        case .initiation: SCTPChunkType.initiation
        case .initiationAck: SCTPChunkType.initiationAck
        case .selectiveAck: SCTPChunkType.selectiveAck
        case .heartbeat: SCTPChunkType.heartbeat
        case .heartbeatAck: SCTPChunkType.heartbeatAck
        case .abort: SCTPChunkType.abort
        case .shutdown: SCTPChunkType.shutdown
        case .shutdownAck: SCTPChunkType.shutdownAck
        case .shutdownComplete: SCTPChunkType.shutdownComplete
        case .error: SCTPChunkType.error
        case .cookieEcho: SCTPChunkType.cookieEcho
        case .cookieAck: SCTPChunkType.cookieAck
        case .forwardTSN: SCTPChunkType.forwardTSN
        case .reconfig: SCTPChunkType.reconfig
        case .unknown(let type, _, _): type
        }
    }

    /// Bytes on the wire, padding included.
    public var paddedSize: Int {
        var scratch = ByteBuffer()
        write(into: &scratch)
        return scratch.readableBytes
    }

    /// Writes header, value and padding.
    public func write(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeInteger(type)
        buffer.writeInteger(flags)
        buffer.writeInteger(UInt16(0))
        writeValue(into: &buffer)
        let length = buffer.writerIndex - start
        buffer.setInteger(UInt16(truncatingIfNeeded: length), at: start + 2)
        buffer.writeSCTPPadding(after: length)
    }

    private var flags: UInt8 {
        switch self {
        case .data(let chunk): chunk.flags
        case .abort(let reflected, _), .shutdownComplete(let reflected): reflected ? 1 : 0
        case .unknown(_, let flags, _): flags
        default: 0
        }
    }

    private func writeValue(into buffer: inout ByteBuffer) {
        switch self {
        case .data(let chunk): chunk.writeValue(into: &buffer)
        case .initiation(let chunk), .initiationAck(let chunk): chunk.writeValue(into: &buffer)
        case .selectiveAck(let chunk): chunk.writeValue(into: &buffer)
        case .heartbeat(var info), .heartbeatAck(var info), .cookieEcho(var info): buffer.writeBuffer(&info)
        case .abort(_, let causes), .error(let causes):
            for (index, cause) in causes.enumerated() { cause.write(into: &buffer, padded: index < causes.count - 1) }
        case .shutdown(let ack): buffer.writeInteger(ack)
        case .shutdownAck, .shutdownComplete, .cookieAck: break
        case .forwardTSN(let chunk): chunk.writeValue(into: &buffer)
        case .reconfig(let chunk): chunk.writeValue(into: &buffer)
        case .unknown(_, _, var value): buffer.writeBuffer(&value)
        }
    }
}
