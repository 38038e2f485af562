import NIOCore
import RTCP
import TestSupport
import Testing

/// The parse / serialize / size set every packet type shares, so tests can
/// treat them alike.
protocol RTCPWireValue: Hashable {
    init(parsing buffer: inout ByteBuffer) throws(RTCPError)
    func write(into buffer: inout ByteBuffer)
    var serializedSize: Int { get }
}

extension SenderReport: RTCPWireValue {}
extension ReceiverReport: RTCPWireValue {}
extension SourceDescription: RTCPWireValue {}
extension Goodbye: RTCPWireValue {}
extension ApplicationDefined: RTCPWireValue {}
extension TransportLayerNACK: RTCPWireValue {}
extension TransportLayerCC: RTCPWireValue {}
extension PictureLossIndication: RTCPWireValue {}
extension FullIntraRequest: RTCPWireValue {}
extension ReceiverEstimatedMaximumBitrate: RTCPWireValue {}
extension RTCPPacket: RTCPWireValue {}
extension RTCPCompoundPacket: RTCPWireValue {}

/// Parses `bytes` as one `T` and expects every byte consumed.
func parse<T: RTCPWireValue>(_: T.Type, _ bytes: [UInt8]) throws -> T {
    var buffer = ByteBuffer(bytes: bytes)
    let value = try T(parsing: &buffer)
    #expect(buffer.readableBytes == 0, "parser left \(buffer.readableBytes) bytes")
    return value
}

/// The bytes `value` writes, checked against its `serializedSize`.
func serialize<T: RTCPWireValue>(_ value: T) -> [UInt8] {
    var buffer = ByteBuffer()
    value.write(into: &buffer)
    #expect(buffer.readableBytes == value.serializedSize, "serializedSize disagrees with write(into:)")
    return Array(buffer.readableBytesView)
}

/// Parses `bytes`, re-serializes and expects the very same bytes back.
@discardableResult
func parseAndCompare<T: RTCPWireValue>(_: T.Type, _ bytes: [UInt8]) throws -> T {
    let value = try parse(T.self, bytes)
    let again = serialize(value)
    #expect(again == bytes, "re-serialized \(hexString(again)) != \(hexString(bytes))")
    return value
}

/// Expects parsing `bytes` as `T` to throw exactly `expected`.
func expectError<T: RTCPWireValue>(
    _: T.Type, _ bytes: [UInt8], _ expected: RTCPError, sourceLocation: SourceLocation = #_sourceLocation
) {
    var buffer = ByteBuffer(bytes: bytes)
    do {
        let value = try T(parsing: &buffer)
        Issue.record("expected \(expected), parsed \(value)", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
        #expect(buffer.readerIndex == 0, "a failed parse must not consume", sourceLocation: sourceLocation)
    }
}

/// Runs `bytes` through every parser; each must return or throw `RTCPError`
/// (typed throws make anything else impossible), and never trap. Values
/// that do parse must serialize to the size they claim.
func exerciseAllParsers(_ bytes: [UInt8]) {
    func run<T: RTCPWireValue>(_: T.Type) {
        var buffer = ByteBuffer(bytes: bytes)
        if let value = try? T(parsing: &buffer) {
            _ = serialize(value)
        }
    }
    run(RTCPCompoundPacket.self)
    run(RTCPPacket.self)
    run(SenderReport.self)
    run(ReceiverReport.self)
    run(SourceDescription.self)
    run(Goodbye.self)
    run(ApplicationDefined.self)
    run(TransportLayerNACK.self)
    run(TransportLayerCC.self)
    run(PictureLossIndication.self)
    run(FullIntraRequest.self)
    run(ReceiverEstimatedMaximumBitrate.self)
    var iterator = RTCPPacketIterator(ByteBuffer(bytes: bytes))
    while let element = try? iterator.next() {
        if case .transportLayerCC(let feedback)? = try? iterator.packet(element) {
            _ = try? feedback.packetResults()
        }
    }
}

func buffer(_ bytes: [UInt8]) -> ByteBuffer {
    ByteBuffer(bytes: bytes)
}
