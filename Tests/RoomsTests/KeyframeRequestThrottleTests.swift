import NIOCore
import RTCP
import SDP
import Testing

@testable import Rooms

@Suite struct KeyframeRequestThrottleTests {
    static func at(_ milliseconds: Int64) -> NIODeadline {
        .uptimeNanoseconds(UInt64(10_000_000_000 + milliseconds * 1_000_000))
    }

    @Test func firstRequestGoesOutAtOnce() {
        var throttle = KeyframeRequestThrottle()
        do { let sent = throttle.request(now: Self.at(0), reason: .newSubscriber); #expect(sent) }
        #expect(throttle.pendingDeadline == nil)
        #expect(throttle.requestsSent == 1)
    }

    @Test func requestsDuringTheHoldOffAreMergedIntoOne() {
        var throttle = KeyframeRequestThrottle(interval: .milliseconds(500))
        do { let sent = throttle.request(now: Self.at(0), reason: .newSubscriber); #expect(sent) }
        do { let sent = throttle.request(now: Self.at(100), reason: .layerSwitch); #expect(!sent) }
        do { let sent = throttle.request(now: Self.at(300), reason: .subscriberPictureLoss); #expect(!sent) }
        #expect(throttle.pendingDeadline == Self.at(500))
        do { let sent = throttle.poll(now: Self.at(499)); #expect(!sent) }
        do { let sent = throttle.poll(now: Self.at(500)); #expect(sent) }
        #expect(throttle.pendingDeadline == nil)
        do { let sent = throttle.poll(now: Self.at(600)); #expect(!sent) }  // sent once only
        #expect(throttle.requestsSent == 2)
        #expect(throttle.requestsMerged == 2)
        // The merged send starts a new hold-off.
        do { let sent = throttle.request(now: Self.at(900), reason: .other); #expect(!sent) }
        #expect(throttle.pendingDeadline == Self.at(1_000))
        do { let sent = throttle.request(now: Self.at(1_000), reason: .other); #expect(sent) }
    }

    @Test func aKeyframeCancelsThePendingRequest() {
        var throttle = KeyframeRequestThrottle(interval: .milliseconds(1_000))
        do { let sent = throttle.request(now: Self.at(0), reason: .newSubscriber); #expect(sent) }
        do { let sent = throttle.request(now: Self.at(200), reason: .newSubscriber); #expect(!sent) }
        throttle.keyframeReceived(now: Self.at(250))
        #expect(throttle.pendingDeadline == nil)
        do { let sent = throttle.poll(now: Self.at(1_000)); #expect(!sent) }
        #expect(throttle.requestsCancelled == 1)
        // After the hold-off a request goes out at once again.
        do { let sent = throttle.request(now: Self.at(1_001), reason: .layerSwitch); #expect(sent) }
    }

    @Test func pictureLossIndicationIsWritten() throws {
        var writer = KeyframeRequestWriter(senderSSRC: 1, mediaSSRC: 0xABCD, method: .pictureLossIndication)
        var buffer = ByteBuffer()
        writer.write(into: &buffer)
        #expect(Array(buffer.readableBytesView) == [0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0xAB, 0xCD])
        #expect(try PictureLossIndication(parsing: &buffer) == PictureLossIndication(senderSSRC: 1, mediaSSRC: 0xABCD))
    }

    @Test func fullIntraRequestIncrementsItsSequenceNumber() throws {
        var writer = KeyframeRequestWriter(senderSSRC: 7, mediaSSRC: 99, method: .fullIntraRequest, firstFIRSequenceNumber: 255)
        var buffer = ByteBuffer()
        writer.write(into: &buffer)
        writer.write(into: &buffer)
        let first = try FullIntraRequest(parsing: &buffer)
        let second = try FullIntraRequest(parsing: &buffer)
        #expect(first.senderSSRC == 7)
        #expect(first.mediaSSRC == 0)
        #expect(first.entries == [FullIntraRequest.Entry(ssrc: 99, sequenceNumber: 255)])
        #expect(second.entries == [FullIntraRequest.Entry(ssrc: 99, sequenceNumber: 0)])
        #expect(buffer.readableBytes == 0)
    }

    @Test func methodFollowsTheNegotiatedFeedback() {
        let pli = Codec(payloadType: 96, name: "VP8", clockRate: 90_000, feedback: [
            RTCPFeedback(payloadType: 96, type: "ccm", subtype: "fir"), RTCPFeedback(payloadType: 96, type: "nack", subtype: "pli"),
        ])
        let fir = Codec(payloadType: 96, name: "VP8", clockRate: 90_000, feedback: [
            RTCPFeedback(payloadType: 96, type: "nack"), RTCPFeedback(payloadType: 96, type: "ccm", subtype: "fir"),
        ])
        let none = Codec(payloadType: 96, name: "VP8", clockRate: 90_000, feedback: [RTCPFeedback(payloadType: 96, type: "nack")])
        #expect(KeyframeRequestWriter.method(for: pli) == .pictureLossIndication)
        #expect(KeyframeRequestWriter.method(for: fir) == .fullIntraRequest)
        #expect(KeyframeRequestWriter.method(for: none) == nil)
    }
}
