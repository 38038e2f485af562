import NIOCore

/// RE-CONFIG (RFC 6525 §3.1): one or two stream reconfiguration
/// parameters. Stream reset requests and responses are read; other
/// parameter types are kept as they came.
public struct SCTPReconfig: Sendable, Hashable {
    public enum Parameter: Sendable, Hashable {
        /// Outgoing SSN Reset Request (§4.1): the sender resets its
        /// outgoing `streams` (all when empty) after `senderLastTSN`.
        case outgoingReset(requestSequence: UInt32, responseSequence: UInt32, senderLastTSN: UInt32, streams: [UInt16])
        /// Incoming SSN Reset Request (§4.2): the sender asks the receiver
        /// to reset its outgoing `streams`.
        case incomingReset(requestSequence: UInt32, streams: [UInt16])
        /// Re-configuration Response (§4.4).
        case response(responseSequence: UInt32, result: Result)
        case other(SCTPParameter)
    }

    /// Re-configuration Response results (RFC 6525 §4.4).
    public enum Result: UInt32, Sendable, Hashable {
        case successNothingToDo = 0
        case successPerformed = 1
        case denied = 2
        case errorWrongSSN = 3
        case errorRequestAlreadyInProgress = 4
        case errorBadSequenceNumber = 5
        case inProgress = 6
    }

    static let outgoingResetType: UInt16 = 13
    static let incomingResetType: UInt16 = 14
    static let responseType: UInt16 = 16

    public var parameters: [Parameter]

    public init(parameters: [Parameter]) {
        self.parameters = parameters
    }

    init(reader: inout SCTPReader) throws(SCTPError) {
        parameters = []
        for raw in try SCTPParameter.readAll(from: &reader, limit: 2) {
            parameters.append(try Parameter(raw))
        }
    }

    func writeValue(into buffer: inout ByteBuffer) {
        for (index, parameter) in parameters.enumerated() { parameter.raw.write(into: &buffer, padded: index < parameters.count - 1) }
    }
}

extension SCTPReconfig.Parameter {
    init(_ raw: SCTPParameter) throws(SCTPError) {
        var reader = SCTPReader(raw.value)
        let length = raw.value.readableBytes
        func streams() throws(SCTPError) -> [UInt16] {
            guard reader.remaining % 2 == 0 else { throw .badParameterLength(type: raw.type, length: length + 4) }
            var list: [UInt16] = []
            list.reserveCapacity(reader.remaining / 2)
            while reader.remaining >= 2 { list.append(try reader.read()) }
            return list
        }
        switch raw.type {
        case SCTPReconfig.outgoingResetType:
            guard length >= 12 else { throw .badParameterLength(type: raw.type, length: length + 4) }
            self = .outgoingReset(
                requestSequence: try reader.read(), responseSequence: try reader.read(), senderLastTSN: try reader.read(),
                streams: try streams())
        case SCTPReconfig.incomingResetType:
            guard length >= 4 else { throw .badParameterLength(type: raw.type, length: length + 4) }
            self = .incomingReset(requestSequence: try reader.read(), streams: try streams())
        case SCTPReconfig.responseType:
            // The optional sender/receiver next TSN fields (§4.4) are ignored.
            guard length == 8 || length == 16 else { throw .badParameterLength(type: raw.type, length: length + 4) }
            let sequence: UInt32 = try reader.read()
            let code: UInt32 = try reader.read()
            self = .response(responseSequence: sequence, result: SCTPReconfig.Result(rawValue: code) ?? .denied)
        default:
            self = .other(raw)
        }
    }

    var raw: SCTPParameter {
        var value = ByteBuffer()
        switch self {
        case .outgoingReset(let request, let response, let lastTSN, let streams):
            value.writeMultipleIntegers(request, response, lastTSN)
            for stream in streams { value.writeInteger(stream) }
            return SCTPParameter(type: SCTPReconfig.outgoingResetType, value: value)
        case .incomingReset(let request, let streams):
            value.writeInteger(request)
            for stream in streams { value.writeInteger(stream) }
            return SCTPParameter(type: SCTPReconfig.incomingResetType, value: value)
        case .response(let sequence, let result):
            value.writeMultipleIntegers(sequence, result.rawValue)
            return SCTPParameter(type: SCTPReconfig.responseType, value: value)
        case .other(let parameter):
            return parameter
        }
    }
}
