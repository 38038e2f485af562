import FuzzSupport
import MediaNegotiation
import NIOCore
import RTCP
import RTP
import Rooms

extension RoomScenario {
    /// A well-formed publisher packet shaped by the fuzzer: which track,
    /// layer and codec, RTX or not, the sequence and timestamp steps,
    /// which extensions, and for VP8 a descriptor with the payload header
    /// of a key or delta frame; the payload is the fuzzer's.
    func publisherMedia(_ input: inout FuzzInput) {
        let publisher = member(input.byte()).participant
        guard !publisher.tracks.isEmpty else { return }
        let trackIndex = Int(input.byte()) % publisher.tracks.count
        let track = publisher.tracks[trackIndex]
        let media = track.media
        let flags = input.byte()
        let repair = flags & 0x04 != 0
        var elements: [RTPHeaderExtensionElement] = []
        func add(_ uri: String, _ value: [UInt8]) {
            if let id = media.extensions[uri] { elements.append(RTPHeaderExtensionElement(id: id, value: value)) }
        }
        let ssrc: UInt32
        // The stream an RTX packet repairs.
        var original: UInt32?
        let layerByte = input.byte()
        if !media.rids.isEmpty {
            let layer = Int(layerByte) % media.rids.count
            ssrc = Self.ridSSRC(track: trackIndex, layer: layer, repair: repair)
            original = Self.ridSSRC(track: trackIndex, layer: layer, repair: false)
            if flags & 0x08 != 0 {
                add(HeaderExtensionURI.mid, Array(media.mid.utf8))
                add(repair ? HeaderExtensionURI.repairedRID : HeaderExtensionURI.rid, Array(media.rids[layer].utf8))
            }
        } else if !media.simulcastSSRCs.isEmpty {
            ssrc = media.simulcastSSRCs[Int(layerByte) % media.simulcastSSRCs.count]
        } else {
            ssrc = (repair ? media.rtxSSRC : media.ssrc) ?? Self.ridSSRC(track: trackIndex, layer: 0, repair: repair)
            original = media.ssrc
            if flags & 0x08 != 0 { add(HeaderExtensionURI.mid, Array(media.mid.utf8)) }
        }
        if flags & 0x10 != 0 {
            transportSequence &+= 1
            add(HeaderExtensionURI.transportWideCC, [UInt8(transportSequence >> 8), UInt8(transportSequence & 0xFF)])
        }
        if flags & 0x20 != 0 { add(HeaderExtensionURI.audioLevel, [input.byte()]) }
        if flags & 0x40 != 0 { add(HeaderExtensionURI.absSendTime, [input.byte(), input.byte(), input.byte()]) }

        guard !media.codecs.isEmpty else { return }
        let codec = media.codecs[Int(input.byte()) % media.codecs.count]
        let sequence = nextSequence(ssrc, step: Int8(bitPattern: input.byte()))
        let timestamp = nextTimestamp(ssrc, step: input.byte())
        var payload = ByteBuffer()
        if repair {
            // RFC 4588 §4: the original sequence number, then its payload.
            payload.writeInteger((original.flatMap { sequences[$0] } ?? sequence) &- UInt16(input.byte()))
        }
        if codec.codec.name.lowercased() == "vp8" {
            let temporal = input.byte()
            VP8PayloadDescriptor(
                isStartOfPartition: true, pictureID: sequence & 0x7FFF,
                tl0PictureIndex: temporal & 0x80 != 0 ? input.byte() : nil,
                temporalLayerIndex: temporal & 0x80 != 0 ? temporal & 0x03 : nil, isLayerSync: temporal & 0x40 != 0
            ).write(into: &payload)
            // VP8 payload header (RFC 7741 §4.3): P bit 0 on key frames,
            // which carry a start code and the frame size.
            if flags & 0x01 != 0 {
                payload.writeBytes([0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A])
                payload.writeInteger(UInt16(input.byte()) << 4, endianness: .little)
                payload.writeInteger(UInt16(input.byte()) << 4, endianness: .little)
            } else {
                payload.writeBytes([0x11, 0x02, 0x00])
            }
        }
        payload.writeBytes(input.chunk())
        let fields = RTPPacketFields(
            marker: flags & 0x02 != 0, payloadType: repair ? codec.rtxPayloadType ?? codec.payloadType : codec.payloadType,
            sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc,
            headerExtension: elements.isEmpty ? nil : .elements(elements), payload: payload,
            paddingLength: flags & 0x80 != 0 ? Int(input.byte() % 64) : 0)
        guard let packet = try? fields.encoded() else { return }
        room.handlePublisherRTP(from: publisher, packet: packet, now: now)
    }

    /// Raw bytes as a publisher's RTP (or RTCP), the SSRC field set to one
    /// the room knows when the selector asks.
    func publisherRaw(_ input: inout FuzzInput, rtcp: Bool) {
        let selector = input.byte()
        let publisher = member(selector).participant
        var bytes = input.rest()
        let known = knownSSRCs(of: publisher)
        if selector & 0x80 != 0, !known.isEmpty {
            Self.patch(&bytes, at: rtcp ? 4 : 8, with: known[Int(selector >> 2) % known.count])
        }
        let buffer = ByteBuffer(bytes: bytes)
        if rtcp {
            room.handlePublisherRTCP(from: publisher, packet: buffer, now: now)
        } else {
            room.handlePublisherRTP(from: publisher, packet: buffer, now: now)
        }
    }

    /// Raw bytes as a subscriber's RTCP, the media SSRC field (offset 8)
    /// set to one of its subscribe offer's SSRCs when the selector asks.
    func subscriberRaw(_ input: inout FuzzInput) {
        let selector = input.byte()
        let subscriber = member(selector)
        var bytes = input.rest()
        let known = subscriber.link.offeredSSRCs
        if selector & 0x80 != 0, !known.isEmpty {
            Self.patch(&bytes, at: 8, with: known[Int(selector >> 2) % known.count])
        }
        room.handleSubscriberRTCP(from: subscriber.participant, packet: ByteBuffer(bytes: bytes), now: now)
    }

    /// A well-formed feedback packet from a subscriber about one of its
    /// SSRCs: NACK near what was sent, PLI, FIR, REMB, a receiver report or
    /// transport-wide CC feedback.
    func subscriberFeedback(_ input: inout FuzzInput) {
        let subscriber = member(input.byte())
        let kind = input.byte()
        let known = subscriber.link.offeredSSRCs
        let ssrc = known.isEmpty ? input.uint32() : known[Int(input.byte()) % known.count]
        let packet: RTCPPacket
        switch kind % 6 {
        case 0:
            let last = subscriber.link.lastSequence[ssrc] ?? input.uint16()
            let count = Int(input.byte() % 32)
            let lost = (0..<count).map { _ in last &- UInt16(input.byte()) }.sorted()
            packet = .transportLayerNACK(TransportLayerNACK(senderSSRC: 1, mediaSSRC: ssrc, lostSequenceNumbers: lost))
        case 1:
            packet = .pictureLossIndication(PictureLossIndication(senderSSRC: 1, mediaSSRC: ssrc))
        case 2:
            packet = .fullIntraRequest(FullIntraRequest(senderSSRC: 1, entries: [.init(ssrc: ssrc, sequenceNumber: input.byte())]))
        case 3:
            let bitrate = UInt64(input.uint16()) << (input.byte() % 16)
            let ssrcs = known.isEmpty ? [ssrc] : Array(known.prefix(Int(input.byte() % 4) + 1))
            packet = .receiverEstimatedMaximumBitrate(ReceiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: bitrate, ssrcs: ssrcs))
        case 4:
            let report = ReceptionReport(
                ssrc: ssrc, fractionLost: input.byte(), totalLost: Int32(input.uint16()),
                extendedHighestSequenceNumber: UInt32(subscriber.link.lastSequence[ssrc] ?? 0) &+ UInt32(input.byte()),
                jitter: UInt32(input.uint16()), lastSenderReport: input.uint32(), delaySinceLastSenderReport: input.uint32())
            packet = .receiverReport(ReceiverReport(ssrc: 1, reports: [report]))
        default:
            let count = Int(input.byte() % 64) + 1
            let base = UInt16(truncatingIfNeeded: subscriber.link.rtpToSubscriber &- count)
            var arrival = Int64(input.uint16()) * 1_000
            var results: [TWCCPacketResult] = []
            for offset in 0..<count {
                let delta = input.byte()
                arrival += Int64(delta & 0x7F) * 250
                results.append(TWCCPacketResult(sequenceNumber: base &+ UInt16(offset), arrivalTime: delta == 0xFF ? nil : arrival))
            }
            guard let feedback = try? TransportLayerCC(
                senderSSRC: 1, mediaSSRC: ssrc, feedbackPacketCount: input.byte(), baseSequenceNumber: base,
                referenceTime: Int32(input.uint16()), packets: results)
            else { return }
            packet = .transportLayerCC(feedback)
        }
        var buffer = ByteBuffer()
        packet.write(into: &buffer)
        room.handleSubscriberRTCP(from: subscriber.participant, packet: buffer, now: now)
    }
}
