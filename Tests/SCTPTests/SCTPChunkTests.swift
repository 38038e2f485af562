import NIOCore
import TestSupport
import Testing

@testable import SCTP

/// Each chunk type: bytes written field by field, parsed, checked, and
/// written back to the same bytes.
@Suite struct SCTPChunkTests {
    /// Wraps chunk bytes in a common header with a correct checksum.
    func packet(_ chunkBytes: [UInt8], tag: UInt32 = 0x0A0B_0C0D) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeMultipleIntegers(UInt16(5000), UInt16(5000), tag, UInt32(0))
        buffer.writeBytes(chunkBytes)
        let crc = buffer.withUnsafeReadableBytes { CRC32c.checksum($0, zeroedAt: 8) }
        buffer.setInteger(crc.byteSwapped, at: 8)
        return buffer
    }

    func roundTrip(_ chunkBytes: [UInt8]) throws -> SCTPChunk {
        let bytes = packet(chunkBytes)
        let parsed = try SCTPPacket(parsing: bytes)
        #expect(parsed.chunks.count == 1)
        #expect(Array(parsed.serialized().readableBytesView) == Array(bytes.readableBytesView))
        return parsed.chunks[0]
    }

    @Test func data() throws {
        let chunk = try roundTrip(hexBytes(
            """
            00 07 0013  // DATA, flags U B E, length 19
            00000010    // TSN 16
            0003        // stream 3
            0005        // SSN 5
            00000033    // PPID 51 (string)
            61 62 63 00 // "abc" + padding
            """))
        guard case .data(let data) = chunk else { Issue.record("not DATA"); return }
        #expect(data.tsn == 16 && data.streamIdentifier == 3 && data.streamSequenceNumber == 5)
        #expect(data.payloadProtocol == 51 && data.unordered && data.beginning && data.ending && !data.immediate)
        #expect(Array(data.userData.readableBytesView) == Array("abc".utf8))
    }

    @Test func initWithParameters() throws {
        let chunk = try roundTrip(hexBytes(
            """
            01 00 0020  // INIT, length 32
            deadbeef    // initiate tag
            00100000    // a_rwnd 1 MiB
            ffff ffff   // 65535 streams each way
            00000001    // initial TSN
            8008 0006 82 c0 0000  // supported extensions: RE-CONFIG, FORWARD-TSN
            c000 0004   // Forward-TSN supported
            """))
        guard case .initiation(let initChunk) = chunk else { Issue.record("not INIT"); return }
        #expect(initChunk.initiateTag == 0xDEAD_BEEF && initChunk.advertisedReceiverWindow == 1_048_576)
        #expect(initChunk.outboundStreams == 65535 && initChunk.initialTSN == 1)
        #expect(initChunk.supportsForwardTSN && initChunk.supportsReconfig)
    }

    @Test func initAckWithCookie() throws {
        let chunk = try roundTrip(hexBytes(
            """
            02 00 001b  // INIT-ACK, length 27 (the last parameter's padding is not counted)
            01020304 00010000 0010 0010 00000064
            0007 0007 aabbcc 00   // state cookie, 3 bytes + padding
            """))
        guard case .initiationAck(let ack) = chunk else { Issue.record("not INIT-ACK"); return }
        #expect(ack.stateCookie.map { Array($0.readableBytesView) } == [0xAA, 0xBB, 0xCC])
    }

    @Test func selectiveAck() throws {
        let chunk = try roundTrip(hexBytes(
            """
            03 00 0020  // SACK, length 32
            00000064    // cumulative TSN ack 100
            00008000    // a_rwnd
            0002 0002   // 2 gap blocks, 2 duplicates
            0002 0003   // gap 102-103
            0005 0005   // gap 105
            00000063 00000064  // duplicates 99, 100
            """))
        guard case .selectiveAck(let sack) = chunk else { Issue.record("not SACK"); return }
        #expect(sack.cumulativeTSNAck == 100 && sack.advertisedReceiverWindow == 0x8000)
        #expect(sack.gapBlocks == [.init(start: 2, end: 3), .init(start: 5, end: 5)])
        #expect(sack.duplicateTSNs == [99, 100])
    }

    @Test func heartbeatAndControlChunks() throws {
        #expect(try roundTrip(hexBytes("04 00 0008 0001 0004")) == .heartbeat(info: ByteBuffer(bytes: [0, 1, 0, 4])))
        #expect(try roundTrip(hexBytes("05 00 0008 0001 0004")) == .heartbeatAck(info: ByteBuffer(bytes: [0, 1, 0, 4])))
        #expect(try roundTrip(hexBytes("07 00 0008 00000064")) == .shutdown(cumulativeTSNAck: 100))
        #expect(try roundTrip(hexBytes("08 00 0004")) == .shutdownAck)
        #expect(try roundTrip(hexBytes("0e 01 0004")) == .shutdownComplete(reflected: true))
        #expect(try roundTrip(hexBytes("0a 00 0008 01020304")) == .cookieEcho(cookie: ByteBuffer(bytes: [1, 2, 3, 4])))
        #expect(try roundTrip(hexBytes("0b 00 0004")) == .cookieAck)
    }

    @Test func abortAndError() throws {
        let abort = try roundTrip(hexBytes(
            """
            06 01 000c  // ABORT, T bit, length 12
            0001 0008 0007 0000  // invalid stream identifier 7
            """))
        #expect(abort == .abort(reflected: true, causes: [.invalidStream(7)]))
        let error = try roundTrip(hexBytes("09 00 0009 000d 0005 78 000000"))
        #expect(error == .error(causes: [SCTPErrorCause(code: 13, information: [0x78])]))
    }

    @Test func forwardTSN() throws {
        let chunk = try roundTrip(hexBytes(
            """
            c0 00 0010  // FORWARD-TSN, length 16
            000000c8    // new cumulative TSN 200
            0001 0009   // stream 1 up to SSN 9
            0004 0000   // stream 4 up to SSN 0
            """))
        #expect(chunk == .forwardTSN(SCTPForwardTSN(newCumulativeTSN: 200, skipped: [
            .init(streamIdentifier: 1, streamSequenceNumber: 9), .init(streamIdentifier: 4, streamSequenceNumber: 0),
        ])))
    }

    @Test func reconfigRequestsAndResponse() throws {
        let request = try roundTrip(hexBytes(
            """
            82 00 0022  // RE-CONFIG, length 34
            000d 0012   // outgoing SSN reset request, length 18
            00000005 00000009 000000ff  // request 5, response 9, last TSN 255
            0001 0000   // stream 1 + padding
            000e 000a   // incoming SSN reset request, length 10
            00000006 0002 0000          // request 6, stream 2 + padding
            """))
        #expect(request == .reconfig(SCTPReconfig(parameters: [
            .outgoingReset(requestSequence: 5, responseSequence: 9, senderLastTSN: 255, streams: [1]),
            .incomingReset(requestSequence: 6, streams: [2]),
        ])))
        let response = try roundTrip(hexBytes("82 00 0010 0010 000c 00000005 00000001"))
        #expect(response == .reconfig(SCTPReconfig(parameters: [.response(responseSequence: 5, result: .successPerformed)])))
    }

    @Test func unknownChunkIsKept() throws {
        #expect(try roundTrip(hexBytes("c1 05 0006 abcd 0000")) == .unknown(type: 0xC1, flags: 5, value: ByteBuffer(bytes: [0xAB, 0xCD])))
    }
}
