import NIOCore
import SRTP
import TestSupport
import Testing

/// An inbound session for any SSRC keeps at most `maxStreams` libsrtp2
/// streams: a flood of new SSRCs with valid keys evicts the oldest instead
/// of growing the session, and every packet still unprotects.
@Suite struct SRTPStreamLimitTests {
    @Test(arguments: SRTPProfile.allCases)
    func newSSRCFloodEvictsTheOldestStreams(profile: SRTPProfile) throws {
        let (client, server) = try TestPackets.endpoints(profile, inboundOptions: SRTPSession.Options(maxStreams: 8))
        for ssrc in UInt32(1)...40 {
            for sequenceNumber in UInt16(1)...3 {
                var packet = ByteBuffer(bytes: TestPackets.rtp(sequenceNumber: sequenceNumber, ssrc: ssrc, payload: [1, 2, 3]))
                try client.protect(rtp: &packet)
                try server.unprotect(rtp: &packet)
                #expect(packet.getInteger(at: packet.readerIndex + 8, as: UInt32.self) == ssrc)
            }
        }
        #expect(server.inbound.counters.streamsEvicted == 32)
        // An evicted SSRC comes back with a fresh stream: its next packet passes.
        var again = ByteBuffer(bytes: TestPackets.rtp(sequenceNumber: 4, ssrc: 1, payload: [4]))
        try client.protect(rtp: &again)
        try server.unprotect(rtp: &again)
        #expect(server.inbound.counters.streamsEvicted == 33)
    }

    @Test func aFewStreamsAreNeverEvicted() throws {
        let (client, server) = try TestPackets.endpoints(.aeadAES128GCM, inboundOptions: SRTPSession.Options(maxStreams: 4))
        // Audio, video, RTX and an RTCP sender, interleaved for a while.
        for round in UInt16(1)...200 {
            for ssrc: UInt32 in [10, 20, 30, 40] {
                var packet = ByteBuffer(bytes: TestPackets.rtp(sequenceNumber: round, ssrc: ssrc, payload: [9]))
                try client.protect(rtp: &packet)
                try server.unprotect(rtp: &packet)
            }
        }
        #expect(server.inbound.counters.streamsEvicted == 0)
    }
}
