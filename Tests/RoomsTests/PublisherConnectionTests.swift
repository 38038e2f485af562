import MediaNegotiation
import NIOCore
import RTCP
import RTP
import SDP
import TestSupport
import Testing

@testable import Rooms

/// `PublisherConnection` on its own: the feedback it chooses from what the
/// publisher negotiated, and the TWCC feedback and receiver reports it
/// writes from what arrived.
@Suite struct PublisherConnectionTests {
    static let twccID: UInt8 = 3
    static let ssrc: UInt32 = 0x5151_0001

    /// Tracks hold their publisher unowned: kept here for the suite's life.
    let publisher = Participant(name: "p", link: nil)

    func track(feedback: [String], transportWideCC: Bool = true) -> PublishedTrack {
        let codec = Codec(
            payloadType: 96, name: "VP8", clockRate: 90_000,
            feedback: feedback.map { RTCPFeedback(payloadType: 96, type: $0) })
        var extensions: [String: UInt8] = [HeaderExtensionURI.mid: 4]
        if transportWideCC { extensions[HeaderExtensionURI.transportWideCC] = Self.twccID }
        return PublishedTrack(
            id: "t", publisher: publisher,
            media: PublishedMedia(
                mid: "0", kind: .video, codecs: [MediaCodec(codec: codec)], extensions: HeaderExtensionIDs(extensions),
                ssrc: Self.ssrc))
    }

    @Test func choosesTransportWideCCThenREMBThenNothing() {
        var connection = PublisherConnection()
        connection.configure(tracks: [track(feedback: ["transport-cc", "goog-remb"])])
        #expect(connection.twcc != nil && connection.twccExtensionID == Self.twccID && connection.remb == nil)

        connection.configure(tracks: [track(feedback: ["transport-cc", "goog-remb"], transportWideCC: false)])
        #expect(connection.twcc == nil && connection.twccExtensionID == 0 && connection.remb != nil)

        connection.configure(tracks: [track(feedback: ["nack"])])
        #expect(connection.twcc == nil && connection.remb == nil)
    }

    @Test func writesTransportWideFeedbackForWhatArrived() throws {
        var clock = ManualClock()
        let track = track(feedback: ["transport-cc"])
        var connection = PublisherConnection()
        connection.configure(tracks: [track])
        for number in [UInt16(500), 501, 503] {
            let buffer = try RTPPacketFields(
                payloadType: 96, sequenceNumber: number, timestamp: 0, ssrc: Self.ssrc,
                headerExtension: .oneByte([
                    RTPHeaderExtensionElement(id: Self.twccID, value: [UInt8(number >> 8), UInt8(number & 0xFF)])
                ]),
                payload: ByteBuffer(bytes: [1])
            ).encoded()
            connection.onPacket(try RTPPacket(parsing: buffer), size: buffer.readableBytes, now: clock.now)
            clock.advance(.milliseconds(10))
        }
        var buffer = ByteBuffer()
        clock.advance(.milliseconds(100))
        let nacked = connection.writeFeedback(for: [track], into: &buffer, now: clock.now)
        #expect(nacked == 0, "no stream, no NACK")

        var iterator = RTCPPacketIterator(buffer)
        var feedback: [TransportLayerCC] = []
        while let element = try iterator.next() {
            if case .transportLayerCC(let packet) = try iterator.packet(element) { feedback.append(packet) }
        }
        #expect(feedback.count == 1)
        #expect(feedback.first?.baseSequenceNumber == 500)
        #expect(feedback.first?.packetStatusCount == 4)
        #expect(feedback.first?.mediaSSRC == Self.ssrc)
    }

    @Test func writesNoReportWithoutAStream() {
        var connection = PublisherConnection()
        var buffer = ByteBuffer()
        let wrote = connection.writeReports(for: [track(feedback: [])], into: &buffer, now: ManualClock().now)
        #expect(!wrote)
        #expect(buffer.readableBytes == 0)
    }
}
