import MediaNegotiation
import NIOCore
import RTP

/// Rewrites one publisher's RTP packets for one subscription (a
/// subscriber's m-line for one forwarded track): the forwarder's per-packet
/// hot path. A value type; no class allocation, existential or Foundation
/// per packet.
///
/// Per packet it maps the payload type by codec, numbers the packet in the
/// down track's own continuous sequence and timestamp space, writes a fresh
/// header extension block with the subscriber's ids, and keeps the VP8
/// picture ID continuous across source switches (simulcast layer changes,
/// publisher restarts: `switchSource()`).
public struct DownTrackRewriter: Sendable {
    /// Spare bytes reserved after each written packet for the SRTP tag.
    public static let srtpTrailerReserve = 32

    /// The track's kind: video waits for a keyframe before forwarding.
    public let kind: MediaKind
    /// The SSRC the subscriber receives this track with.
    public let ssrc: UInt32
    /// The RTX SSRC announced for this m-line, when the subscriber accepted
    /// RTX: retransmissions go out on it (RFC 4588).
    public let rtxSSRC: UInt32?

    let payloadTypes: PayloadTypeMap
    let extensions: OutgoingExtensions
    var sequence: SequenceNumberMapper
    var history = SequenceNumberHistory()
    var pictureIDs = ContinuousCounter()
    var tl0PictureIndexes = ContinuousCounter()
    var timestampOffset: UInt32 = 0
    let initialTimestamp: UInt32
    var highestTimestamp: UInt32 = 0
    var lastForwardedAt: NIODeadline?
    /// The header values of the last packet written, for its retransmissions.
    private(set) var lastWritten = WrittenHeader()

    /// Packets and bytes forwarded, packets dropped by reason.
    public internal(set) var counters = DownTrackCounters()

    /// A rewriter for `subscribed` fed from `published`. The first packet
    /// gets `initialSequenceNumber` and `initialTimestamp` (random unless
    /// given, RFC 3550 §5.1).
    public init(
        published: PublishedMedia, subscribed: SubscribedMedia,
        initialSequenceNumber: UInt16 = .random(in: .min ... .max),
        initialTimestamp: UInt32 = .random(in: .min ... .max)
    ) {
        self.kind = subscribed.kind
        self.ssrc = subscribed.ssrc
        self.rtxSSRC = subscribed.rtxSSRC
        self.payloadTypes = PayloadTypeMap(publisher: published.codecs, subscriber: subscribed.codecs)
        self.extensions = OutgoingExtensions(
            mid: subscribed.mid, subscriber: subscribed.extensions, publisher: published.extensions)
        self.sequence = SequenceNumberMapper(initialSequenceNumber: initialSequenceNumber)
        self.initialTimestamp = initialTimestamp
    }

    /// Whether video is held back until a keyframe starts (a new down track,
    /// or after `switchSource()`).
    public var isWaitingForKeyframe: Bool { kind == .video && !sequence.isBased }

    /// The last outgoing sequence number written (or, before the first
    /// packet, the one before the initial number).
    public var lastSequenceNumber: UInt16 { sequence.highestOutgoingSequenceNumber }

    /// The highest outgoing timestamp written so far.
    public var lastTimestamp: UInt32 { highestTimestamp }

    /// Whether written packets carry the transport-wide sequence number
    /// (the subscriber negotiated it): only those count for its TWCC.
    public var writesTransportSequenceNumber: Bool { extensions.transportWideCCID != 0 }

    /// The outgoing timestamp of publisher timestamp `timestamp` of the
    /// current source (to rewrite its sender reports).
    public func outgoingTimestamp(_ timestamp: UInt32) -> UInt32 { timestamp &+ timestampOffset }

    /// Takes a packet the forwarder leaves out on purpose (a dropped VP8
    /// temporal layer) out of the numbering, and its frame's picture ID out
    /// of the VP8 picture IDs, so the subscriber sees no gap in either.
    public mutating func skip(sequenceNumber: UInt16, pictureID: UInt16? = nil, longPictureID: Bool = true) {
        sequence.skip(sequenceNumber)
        if let pictureID { pictureIDs.skip(pictureID, bits: longPictureID ? 15 : 7) }
    }

    /// Changes source (another simulcast layer, a restarted publisher): the
    /// next forwarded packet continues at the last sequence number + 1, its
    /// timestamp after the last by the time elapsed, its VP8 picture ID at
    /// the last + 1. Video waits for a keyframe of the new source.
    public mutating func switchSource() {
        sequence.reset()
        pictureIDs.rebase()
        tl0PictureIndexes.rebase()
    }

    /// The publisher's sequence number for an outgoing one of the current
    /// source, when it is among the last 512 outgoing numbers: to translate
    /// a subscriber's NACK. A publisher loss (a gap) translates too.
    public func publisherSequence(forOutgoing outgoing: UInt16) -> UInt16? {
        history.incoming(
            forOutgoing: outgoing, highest: sequence.highestOutgoingSequenceNumber, generation: sequence.generation)
    }

    /// Rewrites `packet` into `out` (see `rewrite(header:in:into:...)`).
    public mutating func rewrite(
        _ packet: RTPPacket, into out: inout ByteBuffer, transportSequenceNumber: UInt16?, absSendTime: UInt32?,
        now: NIODeadline
    ) -> RewriteResult {
        rewrite(
            header: packet.header, in: packet.buffer, into: &out, transportSequenceNumber: transportSequenceNumber,
            absSendTime: absSendTime, now: now)
    }

    /// Writes the subscriber's version of the publisher packet `header`
    /// parsed from `buffer` into `out`, replacing `out`'s contents (its
    /// storage is reused; capacity for the packet + 32 bytes of SRTP tag is
    /// reserved). `transportSequenceNumber` and `absSendTime` (24-bit) fill
    /// those extensions when the subscriber negotiated them; `now` is the
    /// packet's arrival, used to estimate the timestamp gap of a source
    /// switch. On `.dropped`, `out` is left unchanged.
    public mutating func rewrite(
        header: RTPHeader, in buffer: ByteBuffer, into out: inout ByteBuffer, transportSequenceNumber: UInt16?,
        absSendTime: UInt32?, now: NIODeadline
    ) -> RewriteResult {
        rewrite(
            header: header, in: buffer, frame: nil, into: &out, transportSequenceNumber: transportSequenceNumber,
            absSendTime: absSendTime, now: now)
    }

    /// As above, with the descriptor the room parsed once for every
    /// subscriber (`frame`); parsed here only when not given.
    mutating func rewrite(
        header: RTPHeader, in buffer: ByteBuffer, frame: VideoFrameInfo?, into out: inout ByteBuffer,
        transportSequenceNumber: UInt16?, absSendTime: UInt32?, now: NIODeadline
    ) -> RewriteResult {
        let route = payloadTypes[header.payloadType]
        guard case .forward(let payloadType, let codec, let clockRate) = route else {
            return drop(route == .notAccepted ? .codecNotAccepted : .unknownPayloadType, header)
        }
        guard let payload = header.payload(in: buffer), payload.readableBytes > 0 else {
            return drop(.paddingOnly, header)
        }

        var info: CodecPayloadInfo?
        if let codec {
            info = frame?.family == codec ? frame?.payload : codec.parsePayload(payload)
            if info == nil { return drop(.malformedPayload, header) }
        }
        let isKeyframe = info?.isKeyframe ?? false

        if !sequence.isBased {
            // Video of a codec whose keyframes we cannot see starts at once.
            if kind == .video && codec?.hasKeyframes == true && !isKeyframe {
                return drop(.waitingForKeyframe, header)
            }
            beginSource(header, clockRate: clockRate, now: now)
        }
        let previousHighest = sequence.highestOutgoing
        guard let sequenceNumber = sequence.map(header.sequenceNumber) else { return drop(.tooOld, header) }
        let timestamp = header.timestamp &+ timestampOffset

        writeHeader(
            into: &out, marker: header.marker, payloadType: payloadType, sequenceNumber: sequenceNumber,
            timestamp: timestamp, header: header, buffer: buffer, transportSequenceNumber: transportSequenceNumber,
            absSendTime: absSendTime, payloadLength: payload.readableBytes)
        let payloadIndex = out.writerIndex
        out.writeImmutableBuffer(payload)
        lastWritten = WrittenHeader(timestamp: timestamp, absSendTime: absSendTime)
        if var descriptor = info?.vp8 {
            rewriteVP8(&descriptor, in: &out, payloadIndex: payloadIndex)
        }

        recordHistory(sequenceNumber, incoming: header.sequenceNumber, previousHighest: previousHighest)
        if RTPTimestamp.isNewer(timestamp, than: highestTimestamp) { highestTimestamp = timestamp }
        lastForwardedAt = now
        counters.countForward(bytes: out.readableBytes)
        return .forwarded(sequenceNumber: sequenceNumber, isKeyframe: isKeyframe)
    }

    /// Bases sequence numbers and timestamps of a new source on its first
    /// forwarded packet.
    private mutating func beginSource(_ header: RTPHeader, clockRate: UInt32, now: NIODeadline) {
        let hadSource = lastForwardedAt != nil
        sequence.begin(header.sequenceNumber)
        let timestamp: UInt32
        if let last = lastForwardedAt {
            // Continue after the last timestamp by the time that passed,
            // at least one tick, so the subscriber's timeline never steps back.
            let elapsed = now.uptimeNanoseconds >= last.uptimeNanoseconds
                ? Int64(clamping: now.uptimeNanoseconds - last.uptimeNanoseconds) : 0
            timestamp = highestTimestamp &+ max(1, RTPTimestamp.ticks(nanoseconds: elapsed, clockRate: clockRate))
        } else {
            timestamp = initialTimestamp
        }
        timestampOffset = timestamp &- header.timestamp
        if !hadSource { highestTimestamp = timestamp }
    }

    private mutating func rewriteVP8(_ descriptor: inout VP8PayloadDescriptor, in out: inout ByteBuffer, payloadIndex: Int) {
        if let pictureID = descriptor.pictureID {
            let mapped = pictureIDs.map(pictureID, bits: descriptor.hasLongPictureID ? 15 : 7)
            descriptor.setPictureID(mapped, in: &out, payloadIndex: payloadIndex)
            lastWritten.pictureID = descriptor.pictureID
        }
        if let index = descriptor.tl0PictureIndex {
            let mapped = tl0PictureIndexes.map(UInt16(index), bits: 8)
            descriptor.setTL0PictureIndex(UInt8(truncatingIfNeeded: mapped), in: &out, payloadIndex: payloadIndex)
            lastWritten.tl0PictureIndex = descriptor.tl0PictureIndex
        }
    }

    /// Records the packet, and the numbers of a gap before it (publisher
    /// losses the subscriber may NACK), in the NACK history.
    private mutating func recordHistory(_ outgoing: UInt16, incoming: UInt16, previousHighest: Int64) {
        let generation = sequence.generation
        let current = sequence.highestOutgoing
        if current > previousHighest + 1 {
            let first = max(previousHighest + 1, current - Int64(SequenceNumberHistory.capacity) + 1)
            var missing = first
            while missing < current {
                if let source = sequence.incoming(forOutgoing: missing) {
                    history.record(
                        outgoing: UInt16(truncatingIfNeeded: missing), incoming: source, generation: generation)
                }
                missing += 1
            }
        }
        history.record(outgoing: outgoing, incoming: incoming, generation: generation)
    }

    private mutating func drop(_ reason: DropReason, _ header: RTPHeader) -> RewriteResult {
        counters.countDrop(reason)
        switch reason {
        case .codecNotAccepted, .unknownPayloadType, .paddingOnly, .malformedPayload:
            // The subscriber will never get it: no gap, no useless NACK.
            sequence.skip(header.sequenceNumber)
        case .waitingForKeyframe, .tooOld:
            break
        }
        return .dropped(reason)
    }
}
