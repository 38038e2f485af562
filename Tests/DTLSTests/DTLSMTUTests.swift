import DTLS
import NIOCore
import Testing

@Suite struct DTLSMTUTests {
    @Test(arguments: [1200, 300])
    func everyDatagramFitsTheMTU(mtu: Int) throws {
        let peers = try DTLSTestPeers(mtu: mtu)
        peers.handshake()
        #expect(peers.client.state == .connected)
        #expect(peers.server.state == .connected)
        let all = peers.sentByClient + peers.sentByServer
        #expect(!all.isEmpty)
        for datagram in all {
            #expect(datagram.readableBytes <= mtu)
        }
        // The largest application payload that fits still fits the MTU.
        let limit = try #require((1...mtu).last { size in
            (try? peers.client.send(applicationData: ByteBuffer(repeating: 1, count: size))) != nil
        })
        let datagrams = try peers.client.send(applicationData: ByteBuffer(repeating: 2, count: limit))
        #expect(datagrams.count == 1)
        #expect(datagrams.allSatisfy { $0.readableBytes <= mtu })
    }

    @Test func smallMTUFragmentsTheHandshake() throws {
        let large = try DTLSTestPeers(mtu: 1200)
        large.handshake()
        let small = try DTLSTestPeers(mtu: 300)
        small.handshake()
        // The certificate flight no longer fits one datagram.
        #expect(small.sentByServer.count > large.sentByServer.count)
        #expect(small.sentByServer.contains { $0.readableBytes > 250 })
        let keys = DTLSTestPeers.connectedInfo(small.clientEvents)?.keyingMaterial
        #expect(keys != nil && keys == DTLSTestPeers.connectedInfo(small.serverEvents)?.keyingMaterial)
    }
}
