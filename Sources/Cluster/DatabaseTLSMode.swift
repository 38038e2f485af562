/// How the connection to PostgreSQL is protected, as libpq's `sslmode`
/// names it (PostgreSQL documentation, "SSL Support"): the same URL works
/// with psql and with Switchboard.
public enum DatabaseTLSMode: String, Sendable, Equatable, CaseIterable {
    /// Plain TCP (the default: a database on loopback or a private network).
    case disable
    /// TLS when the server offers it, plain otherwise; the certificate is not checked.
    case prefer
    /// TLS or no connection; the certificate is not checked (encryption
    /// against passive listeners only).
    case require
    /// TLS; the certificate must chain to `sslrootcert` (or the system's roots).
    case verifyCA = "verify-ca"
    /// As verify-ca, and the certificate must name the URL's host.
    case verifyFull = "verify-full"

    /// Whether the server's certificate chain is checked.
    var verifiesCertificate: Bool { self == .verifyCA || self == .verifyFull }
}
