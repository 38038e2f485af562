import NIOCore
import RTCP
import RTP

/// One RTP stream a bot sends: a packetized clip replayed in a loop with
/// the RTP timing of its frames. Keeps a record of the last packets sent so
/// NACKs are answered with RTX (RFC 4588) and restarts at the clip's first
/// frame, a keyframe, when the server asks for one (PLI/FIR).
/// Confined to the bot's event loop.
struct OutgoingStream {
    let clip: PacketizedClip
    let ssrc: UInt32
    let payloadType: UInt8
    let rtxSSRC: UInt32?
    let rtxPayloadType: UInt8?
    let mid: String
    let rid: String?
    /// Frames leave this many times faster than their RTP timing says
    /// (a saturation bench raises the packet rate without re-encoding).
    let speed: Double
    private(set) var sequenceNumber: UInt16
    private var rtxSequenceNumber: UInt16
    private(set) var timestamp: UInt32
    private var pictureID: UInt16 = 0
    private var frameIndex = 0
    /// When the next frame is due, in uptime nanoseconds.
    private(set) var nextFrameTime: Int64
    /// Ring of the last packets sent, by sequence number: (frame, piece,
    /// timestamp, picture ID) is enough to rebuild a packet of the clip.
    private var sent: [SentRecord]
    private(set) var packetsSent: UInt64 = 0
    private(set) var bytesSent: UInt64 = 0
    private(set) var payloadBytesSent: UInt64 = 0
    private(set) var retransmissionsSent: UInt64 = 0
    private(set) var keyframeRestarts: UInt64 = 0
    /// Frames skipped because the loop ran late (an overloaded machine).
    private(set) var framesSkipped: UInt64 = 0

    struct SentRecord {
        var sequenceNumber: UInt16
        var frame: Int32 = -1
        var piece: Int16 = 0
        var timestamp: UInt32 = 0
        var pictureID: UInt16 = 0
    }

    static let historySize = 1_024

    init(
        clip: PacketizedClip, ssrc: UInt32, payloadType: UInt8, rtxSSRC: UInt32?, rtxPayloadType: UInt8?, mid: String,
        rid: String?, start: Int64, speed: Double = 1, random: inout some RandomNumberGenerator
    ) {
        self.speed = speed
        self.clip = clip
        self.ssrc = ssrc
        self.payloadType = payloadType
        self.rtxSSRC = rtxSSRC
        self.rtxPayloadType = rtxPayloadType
        self.mid = mid
        self.rid = rid
        sequenceNumber = UInt16.random(in: 0...0x7FFF, using: &random)
        rtxSequenceNumber = UInt16.random(in: 0...0x7FFF, using: &random)
        timestamp = UInt32.random(in: 0...0x7FFF_FFFF, using: &random)
        nextFrameTime = start
        sent = (0..<Self.historySize).map { _ in SentRecord(sequenceNumber: 0) }
    }

    /// Sending starts now (the transport just connected).
    mutating func resetClock(start: Int64) {
        nextFrameTime = start
    }

    /// The next frame restarts the clip at its first frame (a keyframe).
    mutating func restartAtKeyframe() {
        guard clip.isVideo, frameIndex != 0 else { return }
        frameIndex = 0
        keyframeRestarts &+= 1
    }

    /// Sends every frame due by `now` through `send`, advancing the clock.
    /// A loop more than a second late skips ahead instead of bursting.
    mutating func sendDueFrames(
        now: Int64, transportSequence: inout UInt16, send: (inout ByteBuffer, ByteBuffer) -> Void
    ) {
        if now - nextFrameTime > 1_000_000_000 {
            let lateFrames = (now - nextFrameTime) / frameNanoseconds(clip.frames[frameIndex].duration)
            framesSkipped &+= UInt64(max(0, lateFrames))
            nextFrameTime = now
        }
        while nextFrameTime <= now {
            let frame = clip.frames[frameIndex]
            for (piece, payload) in frame.payloads.enumerated() {
                var packet = makePacket(
                    payload: payload, marker: piece == frame.payloads.count - 1, sequenceNumber: sequenceNumber,
                    ssrc: ssrc, payloadType: payloadType, timestamp: timestamp, pictureID: pictureID,
                    transportSequence: transportSequence, repairedOf: nil)
                sent[Int(sequenceNumber) % Self.historySize] = SentRecord(
                    sequenceNumber: sequenceNumber, frame: Int32(frameIndex), piece: Int16(piece), timestamp: timestamp,
                    pictureID: pictureID)
                packetsSent &+= 1
                bytesSent &+= UInt64(packet.readableBytes)
                payloadBytesSent &+= UInt64(payload.readableBytes)
                send(&packet, payload)
                sequenceNumber &+= 1
                transportSequence &+= 1
            }
            if clip.isVideo { pictureID = (pictureID &+ 1) & 0x7FFF }
            timestamp &+= frame.duration
            nextFrameTime += frameNanoseconds(frame.duration)
            frameIndex = (frameIndex + 1) % clip.frames.count
        }
    }

    /// Rebuilds `lost` from the send record as an RTX packet; nil when it
    /// is no longer in the record or RTX was not negotiated.
    mutating func retransmission(of lost: UInt16, transportSequence: inout UInt16) -> ByteBuffer? {
        guard let rtxSSRC, let rtxPayloadType else { return nil }
        let record = sent[Int(lost) % Self.historySize]
        guard record.frame >= 0, record.sequenceNumber == lost else { return nil }
        let frame = clip.frames[Int(record.frame)]
        let payload = frame.payloads[Int(record.piece)]
        let packet = makePacket(
            payload: payload, marker: Int(record.piece) == frame.payloads.count - 1, sequenceNumber: rtxSequenceNumber,
            ssrc: rtxSSRC, payloadType: rtxPayloadType, timestamp: record.timestamp, pictureID: record.pictureID,
            transportSequence: transportSequence, repairedOf: lost)
        rtxSequenceNumber &+= 1
        transportSequence &+= 1
        retransmissionsSent &+= 1
        return packet
    }

    /// A sender report for `now` (RFC 3550 §6.4.1): the wall clock
    /// `ntpTime` and the same instant on the RTP clock, which runs from the
    /// next frame's timestamp at its due time.
    func senderReport(now: Int64, ntpTime: UInt64) -> SenderReport {
        let ticksAhead = (nextFrameTime - now) * Int64(clip.clockRate) / 1_000_000_000
        return SenderReport(
            ssrc: ssrc, ntpTime: ntpTime, rtpTime: timestamp &- UInt32(truncatingIfNeeded: ticksAhead),
            packetCount: UInt32(truncatingIfNeeded: packetsSent), octetCount: UInt32(truncatingIfNeeded: payloadBytesSent))
    }

    private func frameNanoseconds(_ duration: UInt32) -> Int64 {
        Int64(Double(Int64(duration) * 1_000_000_000 / Int64(clip.clockRate)) / speed)
    }

    /// Writes the RTP header (RFC 3550 §5.1) with one-byte header
    /// extensions (RFC 8285 §4.2: mid, rid or repaired-rid, transport-wide
    /// sequence number), then the payload, with room for the SRTP tag. An
    /// RTX packet starts its payload with the original sequence number
    /// (RFC 4588 §4).
    private func makePacket(
        payload: ByteBuffer, marker: Bool, sequenceNumber: UInt16, ssrc: UInt32, payloadType: UInt8,
        timestamp: UInt32, pictureID: UInt16, transportSequence: UInt16, repairedOf original: UInt16?
    ) -> ByteBuffer {
        let midBytes = Array(mid.utf8)
        let ridBytes = rid.map { Array($0.utf8) } ?? []
        var extensionLength = 1 + midBytes.count + 3
        if !ridBytes.isEmpty { extensionLength += 1 + ridBytes.count }
        let paddedExtension = (extensionLength + 3) / 4 * 4
        var buffer = ByteBuffer()
        buffer.reserveCapacity(12 + 4 + paddedExtension + 2 + payload.readableBytes + 32)
        buffer.writeInteger(UInt8(0x90))
        buffer.writeInteger((marker ? UInt8(0x80) : 0) | (payloadType & 0x7F))
        buffer.writeInteger(sequenceNumber)
        buffer.writeInteger(timestamp)
        buffer.writeInteger(ssrc)
        buffer.writeInteger(UInt16(0xBEDE))
        buffer.writeInteger(UInt16(paddedExtension / 4))
        buffer.writeInteger(UInt8(BotExtensionID.mid << 4) | UInt8(midBytes.count - 1))
        buffer.writeBytes(midBytes)
        if !ridBytes.isEmpty {
            let id = original == nil ? BotExtensionID.rid : BotExtensionID.repairedRID
            buffer.writeInteger(UInt8(id << 4) | UInt8(ridBytes.count - 1))
            buffer.writeBytes(ridBytes)
        }
        buffer.writeInteger(UInt8(BotExtensionID.transportWideCC << 4) | 1)
        buffer.writeInteger(transportSequence)
        buffer.writeRepeatingByte(0, count: paddedExtension - extensionLength)
        if let original { buffer.writeInteger(original) }
        let payloadStart = buffer.writerIndex
        buffer.writeImmutableBuffer(payload)
        if let offset = clip.pictureIDOffset, payload.readableBytes > offset + 1 {
            buffer.setInteger(UInt16(0x8000) | pictureID, at: payloadStart + offset)
        }
        return buffer
    }
}
