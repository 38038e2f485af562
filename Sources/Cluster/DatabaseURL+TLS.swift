import NIOSSL
import PostgresNIO

extension DatabaseURL {
    /// PostgresNIO's TLS setting for this URL. Reads `sslrootcert` now, so
    /// a missing or unreadable file is an error at start, not at the first
    /// connection.
    func postgresTLS() throws(ClusterError) -> PostgresClient.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable:
            return .disable
        case .prefer, .require:
            tls.certificateVerification = .none
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
        case .verifyFull:
            tls.certificateVerification = .fullVerification
        }
        if let path = rootCertificatePath {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            } catch {
                throw .badDatabaseURL("sslrootcert \(path): no PEM certificate could be read from it (\(error))")
            }
        }
        // A context now, so settings OpenSSL refuses fail at start.
        do { _ = try NIOSSLContext(configuration: tls) } catch {
            throw .badDatabaseURL("TLS settings for the database: \(error)")
        }
        return tlsMode == .prefer ? .prefer(tls) : .require(tls)
    }
}
