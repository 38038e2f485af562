import Foundation

/// A `postgres://` (or `postgresql://`) URL read into what PostgresNIO
/// needs: `postgres://user:password@host:port/database`, or a Unix socket
/// directory as `?host=/run/postgresql`. TLS as libpq spells it:
/// `?sslmode=disable|prefer|require|verify-ca|verify-full` (disable when
/// absent) and `&sslrootcert=<PEM file>` for the certificate authority
/// (the system's roots otherwise).
public struct DatabaseURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The directory of the server's Unix socket, when `?host=` names one.
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String?
    public var tlsMode: DatabaseTLSMode
    /// PEM file of the certificate authorities a verify mode trusts.
    public var rootCertificatePath: String?

    public init(parsing text: String) throws(ClusterError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme)
        else { throw .badDatabaseURL("expected postgres://user@host:port/database") }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let modeText = query["sslmode"] ?? DatabaseTLSMode.disable.rawValue
        guard let mode = DatabaseTLSMode(rawValue: modeText) else {
            let known = DatabaseTLSMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badDatabaseURL("sslmode=\(modeText) is not one of \(known)")
        }
        let rootCertificate = query["sslrootcert"].flatMap { $0.isEmpty ? nil : $0 }
        if rootCertificate != nil, !mode.verifiesCertificate {
            throw .badDatabaseURL("sslrootcert needs sslmode=verify-ca or verify-full (sslmode=\(modeText) checks no certificate)")
        }
        let socketHost = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        guard let host = components.host.flatMap({ $0.isEmpty ? nil : $0 }) ?? socketHost else {
            throw .badDatabaseURL("no host")
        }
        if socketHost != nil, mode != .disable, mode != .prefer {
            throw .badDatabaseURL("sslmode=\(modeText) over a Unix socket: PostgreSQL speaks TLS only over TCP")
        }
        guard let user = components.user, !user.isEmpty else { throw .badDatabaseURL("no user name") }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw .badDatabaseURL("port \(port) is out of range") }
        self.host = host
        self.port = port
        self.socketDirectory = socketHost
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path
        self.tlsMode = mode
        self.rootCertificatePath = rootCertificate
    }

    /// The socket file of a Unix-socket URL (PostgreSQL's naming).
    public var socketPath: String? {
        socketDirectory.map { "\($0)/.s.PGSQL.\(port)" }
    }
}
