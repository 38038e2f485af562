import Testing

@testable import Cluster

/// `cluster.database_url` is read strictly: what PostgresNIO needs, or an
/// error that says what is wrong.
@Suite struct DatabaseURLTests {
    @Test func tcpURL() throws {
        let url = try DatabaseURL(parsing: "postgres://sb:p%40ss@db.internal:5433/switchboard")
        #expect(url.host == "db.internal")
        #expect(url.port == 5433)
        #expect(url.username == "sb")
        #expect(url.password == "p@ss")
        #expect(url.database == "switchboard")
        #expect(url.socketPath == nil)
    }

    @Test func defaultsAndSocketDirectory() throws {
        let plain = try DatabaseURL(parsing: "postgresql://postgres@127.0.0.1")
        #expect(plain.port == 5432)
        #expect(plain.password == nil)
        #expect(plain.database == nil)
        let socket = try DatabaseURL(parsing: "postgres://postgres@/sb?host=/tmp/pg&sslmode=disable")
        #expect(socket.socketPath == "/tmp/pg/.s.PGSQL.5432")
    }

    @Test func mistakesAreErrors() {
        for text in [
            "mysql://u@h/db", "postgres://h/db", "postgres://u@/db", "::", "postgres://u@h/db?sslmode=verify",
            "postgres://u@h/db?sslmode=require&sslrootcert=/ca.pem", "postgres://u@/db?host=/run/pg&sslmode=require",
        ] {
            #expect(throws: ClusterError.self, "\(text)") { try DatabaseURL(parsing: text) }
        }
    }

    @Test func tlsModesAsLibpqSpellsThem() throws {
        #expect(try DatabaseURL(parsing: "postgres://u@h/db").tlsMode == .disable)
        let full = try DatabaseURL(parsing: "postgres://u@h/db?sslmode=verify-full&sslrootcert=/etc/pg/ca.pem")
        #expect(full.tlsMode == .verifyFull)
        #expect(full.rootCertificatePath == "/etc/pg/ca.pem")
        #expect(try DatabaseURL(parsing: "postgres://u@h/db?sslmode=require").tlsMode == .require)
        #expect(try DatabaseURL(parsing: "postgres://u@h/db?sslmode=verify-ca").tlsMode == .verifyCA)
    }

    @Test func aMissingRootCertificateFailsAtStart() throws {
        let url = try DatabaseURL(parsing: "postgres://u@h/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
        #expect(throws: ClusterError.self) { try url.postgresTLS() }
        #expect(throws: Never.self) { try DatabaseURL(parsing: "postgres://u@h/db?sslmode=require").postgresTLS() }
    }
}
