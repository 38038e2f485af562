import NIOCore

extension STUNAddress {
    /// Decodes the value of an XOR-ed address attribute (the layout of
    /// XOR-MAPPED-ADDRESS, RFC 8489 §14.2, which TURN's XOR-PEER-ADDRESS and
    /// XOR-RELAYED-ADDRESS share, RFC 8656 §18.3, §18.5) of a message with
    /// `transactionID`. `type` only names the attribute in errors.
    public init(
        xorValue value: some Collection<UInt8>, transactionID: STUNTransactionID, type: STUNAttributeType
    ) throws(STUNError) {
        let buffer = ByteBuffer(bytes: value)
        self = try STUNAttribute.address(
            type: type, buffer: buffer, at: 0, length: buffer.readableBytes, xor: transactionID)
    }

    /// The value bytes of an XOR-ed address attribute for a message with
    /// `transactionID`; the inverse of `init(xorValue:transactionID:type:)`.
    public func xorValue(transactionID: STUNTransactionID) -> [UInt8] {
        var buffer = ByteBuffer()
        STUNAttribute.writeAddress(self, into: &buffer, xor: transactionID)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
