import DTLS
import NIOCore

/// Two endpoints handshaken in memory, datagrams moved by hand on a manual
/// clock (as Tests/DTLSTests' `DTLSTestPeers`), kept for the process: the
/// server is the endpoint under test, the client makes genuine records in
/// the session's keys. Every datagram the client sent during the handshake
/// is kept for replay.
final class DTLSPair {
    let client: DTLSEndpoint
    let server: DTLSEndpoint
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    /// The client's handshake flights, datagram by datagram.
    private(set) var clientFlights: [ByteBuffer] = []

    init() {
        let clientCertificate = try! DTLSCertificate.generate(commonName: "client")
        let serverCertificate = try! DTLSCertificate.generate(commonName: "server")
        client = try! DTLSEndpoint(
            context: DTLSContext(configuration: DTLSConfiguration(certificate: clientCertificate)), role: .client,
            remoteFingerprint: serverCertificate.fingerprint)
        server = try! DTLSEndpoint(
            context: DTLSContext(configuration: DTLSConfiguration(certificate: serverCertificate)), role: .server,
            remoteFingerprint: clientCertificate.fingerprint)
        _ = server.start(now: now)
        var toServer = sends(client.start(now: now))
        clientFlights = toServer
        var rounds = 0
        while !toServer.isEmpty, rounds < 100 {
            rounds += 1
            let toClient = toServer.flatMap { sends(server.receive(datagram: $0, now: now)) }
            toServer = toClient.flatMap { sends(client.receive(datagram: $0, now: now)) }
            clientFlights += toServer
        }
        guard client.state == .connected, server.state == .connected else {
            fatalError("the in-memory handshake did not complete: client \(client.state), server \(server.state)")
        }
    }

    private func sends(_ actions: [DTLSAction]) -> [ByteBuffer] {
        actions.compactMap { if case .send(let datagram) = $0 { datagram } else { nil } }
    }

    /// A genuine application-data record from the client, as its datagram.
    func clientRecord(_ data: [UInt8]) -> [UInt8] {
        let payload = data.isEmpty ? [0] : data
        guard let datagram = try? client.send(applicationData: ByteBuffer(bytes: payload)).first else {
            fatalError("the client could not send on an established session: \(client.state)")
        }
        return Array(datagram.readableBytesView)
    }

    /// Feeds one datagram to the server; the server's own datagrams are
    /// delivered to the client. Returns the plaintexts the server took.
    @discardableResult
    func deliverToServer(_ datagram: [UInt8]) -> [[UInt8]] {
        var received: [[UInt8]] = []
        for action in server.receive(datagram: ByteBuffer(bytes: datagram), now: now) {
            switch action {
            case .send(let reply): _ = client.receive(datagram: reply, now: now)
            case .applicationData(let data): received.append(Array(data.readableBytesView))
            case .connected: break
            case .closed, .failed: fatalError("a datagram from the peer ended the session: \(action)")
            }
        }
        return received
    }

    /// Both ways still work: a fresh record each way arrives intact.
    func checkAlive() {
        guard server.state == .connected, client.state == .connected else {
            fatalError("the established session did not survive: server \(server.state), client \(client.state)")
        }
        let ping: [UInt8] = Array("ping".utf8)
        guard deliverToServer(clientRecord(ping)) == [ping] else {
            fatalError("the server no longer takes the client's records")
        }
        guard let reply = try? server.send(applicationData: ByteBuffer(bytes: [0x70, 0x6F, 0x6E, 0x67])).first,
            client.receive(datagram: reply, now: now).contains(.applicationData(ByteBuffer(bytes: [0x70, 0x6F, 0x6E, 0x67])))
        else {
            fatalError("the client no longer takes the server's records")
        }
    }
}
