import DTLS
import Foundation
import Testing

@Suite struct DTLSCertificateTests {
    @Test func generatedCertificateHasSHA256Fingerprint() throws {
        let certificate = try DTLSCertificate.generate()
        #expect(certificate.fingerprint.algorithm == .sha256)
        #expect(certificate.fingerprint.bytes.count == 32)
        #expect(certificate.fingerprint(using: .sha256) == certificate.fingerprint)
        // The subject/issuer CN is in the DER (as a UTF8String/PrintableString).
        let commonName = Array("switchboard".utf8)
        #expect(certificate.derBytes.count > 200)
        #expect(Self.contains(certificate.derBytes, commonName))
        // A fresh key and serial each time.
        let other = try DTLSCertificate.generate()
        #expect(other.fingerprint != certificate.fingerprint)
    }

    @Test func otherHashesHaveTheirLengths() throws {
        let certificate = DTLSTestFixtures.serverCertificate
        for algorithm in DTLSHashAlgorithm.allCases {
            let fingerprint = certificate.fingerprint(using: algorithm)
            #expect(fingerprint.algorithm == algorithm)
            #expect(fingerprint.bytes.count == algorithm.digestLength)
        }
        #expect(certificate.fingerprint(using: .sha1).bytes != Array(certificate.fingerprint.bytes.prefix(20)))
    }

    @Test func pemRoundTrip() throws {
        let certificate = try DTLSCertificate.generate()
        let certificatePEM = certificate.certificatePEM
        let keyPEM = certificate.privateKeyPEM
        #expect(certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(keyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let loaded = try DTLSCertificate(certificatePEM: certificatePEM, privateKeyPEM: keyPEM)
        #expect(loaded.fingerprint == certificate.fingerprint)
        #expect(loaded.derBytes == certificate.derBytes)
        #expect(loaded.certificatePEM == certificatePEM)
    }

    @Test func pemFilesLoad() throws {
        let certificate = try DTLSCertificate.generate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dtls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificateFile = directory.appendingPathComponent("cert.pem")
        let keyFile = directory.appendingPathComponent("key.pem")
        try certificate.certificatePEM.write(to: certificateFile, atomically: true, encoding: .utf8)
        try certificate.privateKeyPEM.write(to: keyFile, atomically: true, encoding: .utf8)
        let loaded = try DTLSCertificate(certificateFile: certificateFile.path, privateKeyFile: keyFile.path)
        #expect(loaded.fingerprint == certificate.fingerprint)
        // A loaded identity works in a handshake.
        let context = try DTLSContext(configuration: DTLSConfiguration(certificate: loaded))
        let peers = try DTLSTestPeers(serverContext: context, clientExpects: loaded.fingerprint)
        peers.handshake()
        #expect(peers.client.state == .connected)

        #expect {
            try DTLSCertificate(certificateFile: directory.appendingPathComponent("missing.pem").path, privateKeyFile: keyFile.path)
        } throws: { error in
            guard case DTLSError.openSSL(call: "BIO_new_file", _) = error else { return false }
            return true
        }
    }

    @Test func mismatchedKeyAndBadPEMAreRejected() throws {
        let one = DTLSTestFixtures.clientCertificate
        let two = DTLSTestFixtures.serverCertificate
        #expect {
            try DTLSCertificate(certificatePEM: one.certificatePEM, privateKeyPEM: two.privateKeyPEM)
        } throws: { error in
            guard case DTLSError.openSSL(call: "X509_check_private_key", let reason) = error else { return false }
            return !reason.isEmpty
        }
        #expect {
            try DTLSCertificate(certificatePEM: "not a certificate", privateKeyPEM: one.privateKeyPEM)
        } throws: { error in
            guard case DTLSError.openSSL(call: "PEM_read_bio_X509", _) = error else { return false }
            return true
        }
        #expect {
            try DTLSCertificate(certificatePEM: one.certificatePEM, privateKeyPEM: "")
        } throws: { error in
            guard case DTLSError.openSSL(call: "PEM_read_bio_PrivateKey", _) = error else { return false }
            return true
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<$0 + needle.count]) == needle }
    }
}
