import MediaNegotiation
import NIOCore
import RTP
import SDP
import Testing

@testable import Rooms

@Suite struct DownTrackRewriterTests {
    typealias F = ForwardingFixtures

    @Test func headerIsRewrittenForTheSubscriber() throws {
        var track = F.video(initialSequenceNumber: 1000, initialTimestamp: 5000)
        let input = F.packet(
            sequenceNumber: 40, timestamp: 90_000, marker: true, payload: F.vp8Payload(keyframe: true, pictureID: 3),
            csrcs: [1, 2])
        let (result, output) = track.forward(input)
        #expect(result == .forwarded(sequenceNumber: 1000, isKeyframe: true))
        let packet = try #require(output)
        #expect(packet.ssrc == F.outgoingSSRC)
        #expect(packet.payloadType == 120)
        #expect(packet.marker)
        #expect(packet.sequenceNumber == 1000)
        #expect(packet.timestamp == 5000)
        #expect(packet.header.csrcCount == 0)
        #expect(!packet.header.hasPadding)
        #expect(packet.payload == input.payload)
        #expect(track.counters.packetsForwarded == 1)
        #expect(track.counters.bytesForwarded == UInt64(packet.buffer.readableBytes))
    }

    @Test func outputReservesRoomForTheSRTPTag() {
        var track = F.video()
        var out = ByteBuffer()
        let input = F.vp8Packet(sequenceNumber: 1, timestamp: 0, keyframe: true)
        _ = track.rewrite(input, into: &out, transportSequenceNumber: 1, absSendTime: 1, now: F.time(milliseconds: 0))
        #expect(out.capacity >= out.readableBytes + DownTrackRewriter.srtpTrailerReserve)
        #expect(out.readerIndex == 0)
    }

    @Test func extensionBlockHoldsExactlyTheSubscribersExtensions() throws {
        var track = F.video(subscriberMID: "v7")
        let (_, output) = track.forward(
            F.vp8Packet(sequenceNumber: 1, timestamp: 0, keyframe: true), twcc: 4242, absSendTime: 0x12_3456)
        let packet = try #require(output)
        #expect(packet.header.extensionProfile == .oneByte)
        #expect(packet.header.extensionRange.count % 4 == 0)
        let ids = packet.extensionElements.map(\.id)
        #expect(ids == [9, 3, 5])
        #expect(try packet.extensionValue(SDESStringExtension.self, id: 9) == SDESStringExtension("v7"))
        #expect(try packet.extensionValue(AbsoluteSendTimeExtension.self, id: 3)?.rawValue == 0x12_3456)
        #expect(try packet.extensionValue(TransportSequenceNumberExtension.self, id: 5)?.sequenceNumber == 4242)
        // Nothing of the publisher's ids survives (its mid used id 4, twcc 3).
        #expect(packet.extensionValue(id: 4) == nil)
    }

    @Test func absentValuesAndUnnegotiatedExtensionsAreLeftOut() throws {
        var track = F.video()
        let (_, output) = track.forward(F.vp8Packet(sequenceNumber: 1, timestamp: 0, keyframe: true), twcc: nil, absSendTime: nil)
        let packet = try #require(output)
        #expect(packet.extensionElements.map(\.id) == [9])

        // A subscriber without any of them gets no extension at all.
        var bare = F.audio(subscriberExtensions: HeaderExtensionIDs())
        let (_, bareOutput) = bare.forward(
            F.packet(sequenceNumber: 1, timestamp: 0, payloadType: 111, payload: ByteBuffer(bytes: [1, 2, 3]), audioLevel: 0x85))
        let barePacket = try #require(bareOutput)
        #expect(!barePacket.header.hasExtension)
        #expect(barePacket.buffer.readableBytes == 12 + 3)
    }

    @Test func audioLevelIsCopiedAndAudioStartsAtOnce() throws {
        var track = F.audio(initialSequenceNumber: 7)
        let (result, output) = track.forward(
            F.packet(sequenceNumber: 500, timestamp: 960, payloadType: 111, payload: ByteBuffer(bytes: [9, 9]), audioLevel: 0x9E),
            twcc: 77)
        #expect(result == .forwarded(sequenceNumber: 7, isKeyframe: false))
        let packet = try #require(output)
        #expect(packet.payloadType == 109)
        #expect(packet.extensionElements.map(\.id) == [9, 3, 5, 10])
        let level = try #require(try packet.extensionValue(AudioLevelExtension.self, id: 10))
        #expect(level == AudioLevelExtension(voiceActivity: true, level: 0x1E))
        #expect(try packet.extensionValue(SDESStringExtension.self, id: 9)?.value == "a0")
    }

    @Test func sequenceNumbersWrapOnBothSides() throws {
        // Publisher wraps 65534 → 1 while the output wraps 65535 → 0.
        var track = F.video(initialSequenceNumber: 65_534)
        let inputs: [UInt16] = [65_533, 65_534, 65_535, 0, 1]
        var outputs: [UInt16] = []
        for (index, sequenceNumber) in inputs.enumerated() {
            let (result, _) = track.forward(
                F.vp8Packet(sequenceNumber: sequenceNumber, timestamp: UInt32(index) * 3000, keyframe: index == 0))
            guard case .forwarded(let outgoing, _) = result else { Issue.record("dropped \(result)"); return }
            outputs.append(outgoing)
        }
        #expect(outputs == [65_534, 65_535, 0, 1, 2])
    }

    @Test func aPublisherGapStaysAGap() {
        var track = F.video(initialSequenceNumber: 100)
        _ = track.forward(F.vp8Packet(sequenceNumber: 10, timestamp: 0, keyframe: true))
        let (result, _) = track.forward(F.vp8Packet(sequenceNumber: 13, timestamp: 3000))
        #expect(result == .forwarded(sequenceNumber: 103, isKeyframe: false))
        // The lost packets, arriving late (retransmitted), fill the gap.
        let (late, _) = track.forward(F.vp8Packet(sequenceNumber: 11, timestamp: 0))
        #expect(late == .forwarded(sequenceNumber: 101, isKeyframe: false))
    }

    @Test func timestampsStayContinuousAcrossASourceSwitch() throws {
        var track = F.video(initialSequenceNumber: 1, initialTimestamp: 1_000)
        _ = track.forward(F.vp8Packet(sequenceNumber: 500, timestamp: 77_000, keyframe: true), atMilliseconds: 0)
        let (_, second) = track.forward(F.vp8Packet(sequenceNumber: 501, timestamp: 80_000), atMilliseconds: 33)
        #expect(second?.timestamp == 4_000)

        track.switchSource()
        #expect(track.isWaitingForKeyframe)
        // The new layer's numbering is unrelated; 100 ms pass (9000 ticks).
        let (delta, _) = track.forward(
            F.vp8Packet(sequenceNumber: 9_000, timestamp: 4_000_000_000, ssrc: 2), atMilliseconds: 120)
        #expect(delta == .dropped(.waitingForKeyframe))
        let (result, output) = track.forward(
            F.vp8Packet(sequenceNumber: 9_001, timestamp: 4_000_003_000, keyframe: true, ssrc: 2), atMilliseconds: 133)
        #expect(result == .forwarded(sequenceNumber: 3, isKeyframe: true))
        let packet = try #require(output)
        #expect(packet.timestamp == 4_000 + 9_000)
        // Later packets of the new source keep its spacing.
        let (_, next) = track.forward(F.vp8Packet(sequenceNumber: 9_002, timestamp: 4_000_006_000, ssrc: 2))
        let nextPacket = try #require(next)
        #expect(nextPacket.timestamp == 16_000)
        #expect(nextPacket.sequenceNumber == 4)
        // A late packet from before the new source's start cannot be numbered.
        let (old, _) = track.forward(F.vp8Packet(sequenceNumber: 8_999, timestamp: 4_000_000_000, ssrc: 2))
        #expect(old == .dropped(.tooOld))
    }

    @Test func aSwitchWithinTheSameMillisecondStillAdvancesTheTimestamp() throws {
        var track = F.audio()
        _ = track.forward(F.packet(sequenceNumber: 1, timestamp: 100, payloadType: 111, payload: ByteBuffer(bytes: [1])))
        track.switchSource()
        #expect(!track.isWaitingForKeyframe)
        let (_, output) = track.forward(F.packet(sequenceNumber: 1, timestamp: 100, payloadType: 111, payload: ByteBuffer(bytes: [1])))
        #expect(output?.timestamp == 1)
        #expect(output?.sequenceNumber == 8)
    }

    @Test func vp8PictureIDContinuesAcrossASwitchFrom7To15Bits() throws {
        var track = F.video()
        var pictureIDs: [UInt16] = []
        var longFlags: [Bool] = []
        func send(_ sequenceNumber: UInt16, picture: UInt16, long: Bool, tl0: UInt8, keyframe: Bool = false) throws {
            let (_, output) = track.forward(
                F.vp8Packet(
                    sequenceNumber: sequenceNumber, timestamp: UInt32(sequenceNumber) * 3000, keyframe: keyframe,
                    pictureID: picture, longPictureID: long, tl0PictureIndex: tl0))
            let packet = try #require(output)
            let descriptor = try VP8PayloadDescriptor(parsing: packet.payload)
            pictureIDs.append(try #require(descriptor.pictureID))
            longFlags.append(descriptor.hasLongPictureID)
            #expect(descriptor.tl0PictureIndex == UInt8(truncatingIfNeeded: 200 + pictureIDs.count - 1))
        }
        // A 7-bit source wrapping 126 → 127 → 0 keeps its own numbers.
        try send(1, picture: 126, long: false, tl0: 200, keyframe: true)
        try send(2, picture: 127, long: false, tl0: 201)
        try send(3, picture: 0, long: false, tl0: 202)
        track.switchSource()
        // A 15-bit source somewhere else entirely.
        try send(700, picture: 20_000, long: true, tl0: 9, keyframe: true)
        try send(701, picture: 20_001, long: true, tl0: 10)
        #expect(Array(pictureIDs.prefix(3)) == [126, 127, 0])
        #expect(longFlags == [false, false, false, true, true])
        // The first picture after the switch is the last + 1 in the low 7
        // bits the subscriber knew, and the next follows it.
        #expect(pictureIDs[3] & 0x7F == 1)
        #expect(pictureIDs[4] == pictureIDs[3] + 1)
    }

    @Test func videoWaitsForAKeyframe() throws {
        var track = F.video(initialSequenceNumber: 50)
        #expect(track.isWaitingForKeyframe)
        #expect(track.forward(F.vp8Packet(sequenceNumber: 1, timestamp: 0)).result == .dropped(.waitingForKeyframe))
        #expect(track.forward(F.vp8Packet(sequenceNumber: 2, timestamp: 0)).result == .dropped(.waitingForKeyframe))
        #expect(track.forward(F.vp8Packet(sequenceNumber: 3, timestamp: 0, keyframe: true)).result
            == .forwarded(sequenceNumber: 50, isKeyframe: true))
        #expect(!track.isWaitingForKeyframe)
        #expect(track.counters.dropped(.waitingForKeyframe) == 2)
        // A later non-start packet of the keyframe and deltas go through.
        #expect(track.forward(F.vp8Packet(sequenceNumber: 4, timestamp: 0)).result == .forwarded(sequenceNumber: 51, isKeyframe: false))
    }

    @Test func keyframesAreDetectedForVP9AndH264() {
        let vp9Key = ByteBuffer(bytes: [0x08 | 0x04, 0x00, 0x00])  // B E, P clear
        let vp9Delta = ByteBuffer(bytes: [0x40 | 0x08, 0x00])  // P B
        #expect(CodecFamily.vp9.startsKeyframe(payload: vp9Key) == true)
        #expect(CodecFamily.vp9.startsKeyframe(payload: vp9Delta) == false)
        #expect(CodecFamily.h264.startsKeyframe(payload: ByteBuffer(bytes: [0x65, 0x88])) == true)  // IDR
        #expect(CodecFamily.h264.startsKeyframe(payload: ByteBuffer(bytes: [0x41, 0x9A])) == false)
        #expect(CodecFamily.h264.startsKeyframe(payload: ByteBuffer(bytes: [0x7C, 0x85, 0x00])) == true)  // FU-A start of IDR
        #expect(CodecFamily.h264.startsKeyframe(payload: ByteBuffer(bytes: [0x1F])) == nil)  // reserved type
        #expect(CodecFamily.vp8.startsKeyframe(payload: ByteBuffer()) == nil)
        #expect(CodecFamily(name: "H264") == .h264)
        // Audio has no keyframes the forwarder waits for; unknown codecs no family.
        #expect(CodecFamily(name: "opus")?.hasKeyframes == false)
        #expect(CodecFamily(name: "red") == nil)

        var track = F.video()
        let result = track.forward(F.packet(sequenceNumber: 1, timestamp: 0, payloadType: 98, payload: vp9Key)).result
        #expect(result == .forwarded(sequenceNumber: 1000, isKeyframe: true))
    }

    @Test func codecsTheSubscriberLacksAreDroppedWithoutAGap() {
        var track = F.video(initialSequenceNumber: 10)
        _ = track.forward(F.vp8Packet(sequenceNumber: 100, timestamp: 0, keyframe: true))
        let h264 = F.packet(sequenceNumber: 101, timestamp: 0, payloadType: 102, payload: ByteBuffer(bytes: [0x65, 1]))
        #expect(track.forward(h264).result == .dropped(.codecNotAccepted))
        let rtx = F.packet(sequenceNumber: 102, timestamp: 0, payloadType: 97, payload: ByteBuffer(bytes: [0, 1]))
        #expect(track.forward(rtx).result == .dropped(.unknownPayloadType))
        #expect(track.forward(F.vp8Packet(sequenceNumber: 103, timestamp: 0)).result == .forwarded(sequenceNumber: 11, isKeyframe: false))
        #expect(track.counters.dropped(.codecNotAccepted) == 1)
        #expect(track.counters.dropped(.unknownPayloadType) == 1)
        #expect(track.counters.packetsDropped == 2)
    }

    @Test func paddingOnlyPacketsAreDroppedWithoutAGap() {
        var track = F.video(initialSequenceNumber: 10)
        _ = track.forward(F.vp8Packet(sequenceNumber: 100, timestamp: 0, keyframe: true))
        _ = track.forward(F.vp8Packet(sequenceNumber: 101, timestamp: 0))
        // A burst of probing padding, then a lost packet (104), then padding again.
        for sequenceNumber: UInt16 in [102, 103] {
            let padding = F.packet(sequenceNumber: sequenceNumber, timestamp: 0, payload: ByteBuffer(), paddingLength: 200)
            #expect(track.forward(padding).result == .dropped(.paddingOnly))
        }
        #expect(track.forward(F.vp8Packet(sequenceNumber: 105, timestamp: 0)).result == .forwarded(sequenceNumber: 13, isKeyframe: false))
        let padding = F.packet(sequenceNumber: 106, timestamp: 0, payload: ByteBuffer(), paddingLength: 4)
        #expect(track.forward(padding).result == .dropped(.paddingOnly))
        #expect(track.forward(F.vp8Packet(sequenceNumber: 107, timestamp: 0)).result == .forwarded(sequenceNumber: 14, isKeyframe: false))
        // The lost 104 arrives late: it takes the gap left for it, 12.
        #expect(track.forward(F.vp8Packet(sequenceNumber: 104, timestamp: 0)).result == .forwarded(sequenceNumber: 12, isKeyframe: false))
        #expect(track.publisherSequence(forOutgoing: 12) == 104)
        #expect(track.publisherSequence(forOutgoing: 14) == 107)
        #expect(track.counters.dropped(.paddingOnly) == 3)
    }

    @Test func nackTranslationRing() {
        var track = F.video(initialSequenceNumber: 65_000)
        _ = track.forward(F.vp8Packet(sequenceNumber: 30_000, timestamp: 0, keyframe: true))
        // 1,000 packets, those ending in 5 lost (gaps the subscriber NACKs).
        for step in 1...1_000 where step % 10 != 5 {
            _ = track.forward(F.vp8Packet(sequenceNumber: 30_000 &+ UInt16(step), timestamp: 0))
        }
        let last = track.lastSequenceNumber
        #expect(last == 65_000 &+ 1_000)
        #expect(track.publisherSequence(forOutgoing: last) == 31_000)
        #expect(track.publisherSequence(forOutgoing: last &- 1) == 30_999)
        // A lost one translates too: outgoing last - 5 stands for 30,995.
        #expect(track.publisherSequence(forOutgoing: last &- 5) == 30_995)
        #expect(track.publisherSequence(forOutgoing: last &- 10) == 30_990)
        #expect(track.publisherSequence(forOutgoing: last &- 511) == 30_489)
        // Older than the ring, or not sent yet: unknown.
        #expect(track.publisherSequence(forOutgoing: last &- 512) == nil)
        #expect(track.publisherSequence(forOutgoing: last &+ 1) == nil)
        // After a switch, the old source's numbers no longer translate.
        track.switchSource()
        _ = track.forward(F.vp8Packet(sequenceNumber: 5, timestamp: 0, keyframe: true, ssrc: 9))
        #expect(track.publisherSequence(forOutgoing: last) == nil)
        #expect(track.publisherSequence(forOutgoing: last &+ 1) == 5)
    }

    @Test func malformedVP8IsDropped() {
        var track = F.video()
        // X set but the extension byte is missing.
        let packet = F.packet(sequenceNumber: 1, timestamp: 0, payload: ByteBuffer(bytes: [0x90]))
        #expect(track.forward(packet).result == .dropped(.malformedPayload))
    }
}
