/// What a cluster answers a WHIP or WHEP `POST` when the room is not this
/// node's to serve.
enum HTTPMediaClusterAnswer: Error {
    /// The room lives on the node at this base URL: 307 there.
    case elsewhere(baseURL: String)
    /// The room's home could not be settled in time: 503.
    case unavailable(String)
}
