/// Why the cluster could not do something, said so an operator can act.
public enum ClusterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `cluster.database_url` is not a usable PostgreSQL URL.
    case badDatabaseURL(String)
    /// The database did not answer at start (a startup error).
    case databaseUnreachable(String)
    /// A database call did not finish within `query_timeout`.
    case timedOut(seconds: Double)

    public var description: String {
        switch self {
        case .badDatabaseURL(let why): "cluster.database_url: \(why)"
        case .databaseUnreachable(let why): "the cluster database is unreachable: \(why)"
        case .timedOut(let seconds): "the cluster database did not answer within \(seconds) s"
        }
    }
}
