import NIOCore
import RTCP
import SDP

/// Writes keyframe requests to one publisher's video stream: a PLI
/// (RFC 4585 §6.3.1) when the publisher negotiated `nack pli`, else a FIR
/// (RFC 5104 §4.3.1) when it negotiated `ccm fir`, with a command sequence
/// number that increments per new request.
public struct KeyframeRequestWriter: Sendable, Hashable {
    /// How keyframes are asked for.
    public enum Method: Sendable, Hashable {
        case pictureLossIndication
        case fullIntraRequest
    }

    /// The server's SSRC towards the publisher (the sender of the request).
    public var senderSSRC: UInt32
    /// The publisher's media SSRC (the stream that needs a keyframe).
    public var mediaSSRC: UInt32
    public var method: Method
    /// The FIR command sequence number of the next request.
    public private(set) var nextFIRSequenceNumber: UInt8

    public init(senderSSRC: UInt32, mediaSSRC: UInt32, method: Method, firstFIRSequenceNumber: UInt8 = 0) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.method = method
        self.nextFIRSequenceNumber = firstFIRSequenceNumber
    }

    /// The method a codec's `a=rtcp-fb` lines allow: PLI when `nack pli`,
    /// else FIR when `ccm fir`, nil when neither (RFC 5104 §7.1).
    public static func method(for codec: Codec) -> Method? {
        if codec.hasFeedback("nack", "pli") { return .pictureLossIndication }
        if codec.hasFeedback("ccm", "fir") { return .fullIntraRequest }
        return nil
    }

    /// Appends one request; a FIR takes the next command sequence number
    /// (RFC 5104 §4.3.1.1: a new request increments it, modulo 256).
    public mutating func write(into buffer: inout ByteBuffer) {
        switch method {
        case .pictureLossIndication:
            PictureLossIndication(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC).write(into: &buffer)
        case .fullIntraRequest:
            // RFC 5104 §4.3.1.2: the media source field is unused (0); the
            // entry names the stream. Rare (at most one per hold-off), so
            // the entries array is affordable.
            let entry = FullIntraRequest.Entry(ssrc: mediaSSRC, sequenceNumber: nextFIRSequenceNumber)
            FullIntraRequest(senderSSRC: senderSSRC, mediaSSRC: 0, entries: [entry]).write(into: &buffer)
            nextFIRSequenceNumber &+= 1
        }
    }
}
