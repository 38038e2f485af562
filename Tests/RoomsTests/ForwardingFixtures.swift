import MediaNegotiation
import NIOCore
import RTP
import SDP

@testable import Rooms

/// Publisher and subscriber m-lines with different payload types and
/// extension ids, and builders of publisher packets.
enum ForwardingFixtures {
    // Publisher extension ids: audio-level 1, abs-send-time 2, twcc 3, mid 4.
    static let publisherExtensions = HeaderExtensionIDs([
        HeaderExtensionURI.audioLevel: 1, HeaderExtensionURI.absSendTime: 2,
        HeaderExtensionURI.transportWideCC: 3, HeaderExtensionURI.mid: 4,
    ])
    // Subscriber extension ids: mid 9, abs-send-time 3, twcc 5, audio-level 10.
    static let subscriberExtensions = HeaderExtensionIDs([
        HeaderExtensionURI.mid: 9, HeaderExtensionURI.absSendTime: 3,
        HeaderExtensionURI.transportWideCC: 5, HeaderExtensionURI.audioLevel: 10,
    ])

    static let publisherVideoCodecs = [
        MediaCodec(codec: Codec(payloadType: 96, name: "VP8", clockRate: 90_000), rtxPayloadType: 97),
        MediaCodec(codec: Codec(payloadType: 98, name: "VP9", clockRate: 90_000)),
        MediaCodec(
            codec: Codec(
                payloadType: 102, name: "H264", clockRate: 90_000,
                parameterText: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f")),
    ]
    static let subscriberVideoCodecs = [
        MediaCodec(codec: Codec(payloadType: 121, name: "VP9", clockRate: 90_000)),
        MediaCodec(codec: Codec(payloadType: 120, name: "vp8", clockRate: 90_000), rtxPayloadType: 124),
    ]

    static let outgoingSSRC: UInt32 = 0xC0FF_EE01
    static let publisherSSRC: UInt32 = 0x1111_2222

    static func video(
        initialSequenceNumber: UInt16 = 1000, initialTimestamp: UInt32 = 5000, subscriberMID: String = "v7"
    ) -> DownTrackRewriter {
        DownTrackRewriter(
            published: PublishedMedia(
                mid: "1", kind: .video, codecs: publisherVideoCodecs, extensions: publisherExtensions),
            subscribed: SubscribedMedia(
                mid: subscriberMID, kind: .video, codecs: subscriberVideoCodecs, extensions: subscriberExtensions,
                ssrc: outgoingSSRC, rtxSSRC: outgoingSSRC + 1),
            initialSequenceNumber: initialSequenceNumber, initialTimestamp: initialTimestamp)
    }

    static func audio(initialSequenceNumber: UInt16 = 7, subscriberExtensions: HeaderExtensionIDs? = nil)
        -> DownTrackRewriter
    {
        let opusPublisher = MediaCodec(codec: Codec(payloadType: 111, name: "opus", clockRate: 48_000, channels: 2))
        let opusSubscriber = MediaCodec(codec: Codec(payloadType: 109, name: "OPUS", clockRate: 48_000, channels: 2))
        return DownTrackRewriter(
            published: PublishedMedia(mid: "0", kind: .audio, codecs: [opusPublisher], extensions: publisherExtensions),
            subscribed: SubscribedMedia(
                mid: "a0", kind: .audio, codecs: [opusSubscriber],
                extensions: subscriberExtensions ?? Self.subscriberExtensions, ssrc: outgoingSSRC),
            initialSequenceNumber: initialSequenceNumber, initialTimestamp: 0)
    }

    /// A VP8 payload: descriptor, then the payload header whose P bit is 0
    /// for a keyframe (RFC 7741 §4.3), then filler.
    static func vp8Payload(
        keyframe: Bool, startOfFrame: Bool = true, pictureID: UInt16? = nil, longPictureID: Bool = true,
        tl0PictureIndex: UInt8? = nil, fill: Int = 20
    ) -> ByteBuffer {
        var buffer = ByteBuffer()
        VP8PayloadDescriptor(
            isStartOfPartition: startOfFrame, pictureID: pictureID, hasLongPictureID: longPictureID,
            tl0PictureIndex: tl0PictureIndex, temporalLayerIndex: tl0PictureIndex == nil ? nil : 0
        ).write(into: &buffer)
        buffer.writeInteger(UInt8(keyframe ? 0x10 : 0x11))
        buffer.writeRepeatingByte(0xAB, count: fill)
        return buffer
    }

    /// A publisher packet with the publisher's mid, abs-send-time and twcc
    /// extensions (and audio level when given).
    static func packet(
        sequenceNumber: UInt16, timestamp: UInt32, payloadType: UInt8 = 96, marker: Bool = false,
        payload: ByteBuffer, ssrc: UInt32 = publisherSSRC, csrcs: [UInt32] = [], audioLevel: UInt8? = nil,
        paddingLength: Int = 0
    ) -> RTPPacket {
        var elements = [
            RTPHeaderExtensionElement(id: 4, value: Array("1".utf8)),
            RTPHeaderExtensionElement(id: 2, value: [0x12, 0x34, 0x56]),
            RTPHeaderExtensionElement(id: 3, value: [0xAA, 0xBB]),
        ]
        if let audioLevel { elements.append(RTPHeaderExtensionElement(id: 1, value: [audioLevel])) }
        let fields = RTPPacketFields(
            marker: marker, payloadType: payloadType, sequenceNumber: sequenceNumber, timestamp: timestamp, ssrc: ssrc,
            csrcs: csrcs, headerExtension: .oneByte(elements), payload: payload, paddingLength: paddingLength)
        // The fields above are always writable.
        return try! RTPPacket(parsing: fields.encoded())
    }

    static func vp8Packet(
        sequenceNumber: UInt16, timestamp: UInt32, keyframe: Bool = false, pictureID: UInt16? = nil,
        longPictureID: Bool = true, tl0PictureIndex: UInt8? = nil, ssrc: UInt32 = publisherSSRC
    ) -> RTPPacket {
        packet(
            sequenceNumber: sequenceNumber, timestamp: timestamp,
            payload: vp8Payload(
                keyframe: keyframe, pictureID: pictureID, longPictureID: longPictureID,
                tl0PictureIndex: tl0PictureIndex),
            ssrc: ssrc)
    }

    static func time(milliseconds: Int64) -> NIODeadline {
        .uptimeNanoseconds(UInt64(1_000_000_000 + milliseconds * 1_000_000))
    }
}

extension DownTrackRewriter {
    /// Rewrites `packet` and parses the output; nil when dropped.
    mutating func forward(
        _ packet: RTPPacket, twcc: UInt16? = 1, absSendTime: UInt32? = 0x0A_BCDE, atMilliseconds ms: Int64 = 0
    ) -> (result: RewriteResult, output: RTPPacket?) {
        var out = ByteBuffer()
        let result = rewrite(
            packet, into: &out, transportSequenceNumber: twcc, absSendTime: absSendTime,
            now: ForwardingFixtures.time(milliseconds: ms))
        guard case .forwarded = result else { return (result, nil) }
        return (result, try? RTPPacket(parsing: out))
    }
}
