import NIOCore

/// Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-
/// extensions-01 §2): 16 bits counting every packet of the transport, fed
/// back in TWCC reports. URI
/// `http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01`.
public struct TransportSequenceNumberExtension: RTPHeaderExtensionValue {
    public static let uri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"

    /// The transport-wide sequence number.
    public var sequenceNumber: UInt16

    public init(sequenceNumber: UInt16) {
        self.sequenceNumber = sequenceNumber
    }

    public init(parsing value: ByteBuffer) throws(RTPError) {
        let index = try Self.checkLength(value, 2...2)
        self.sequenceNumber = value.getInteger(at: index, as: UInt16.self) ?? 0
    }

    public var encodedLength: Int { 2 }

    public func set(at index: Int, in buffer: inout ByteBuffer) {
        buffer.setInteger(sequenceNumber, at: index)
    }
}
