import MediaTransport

/// The worker a join landed on, and what the server's ICE candidates name
/// for it. Claimed through `RoomPlacement` (`ServerContext.claimWorker`)
/// until the participant leaves or the join fails.
struct PlacedWorker: Sendable {
    /// The worker's index in the group (the placement's answer).
    let index: Int
    let worker: MediaWorker
    /// The address and port put in candidates: behind a NAT or in a
    /// container they differ from the bound ones.
    let announcedAddress: String
    let announcedPort: UInt16
    /// The passive ICE-TCP candidate's port; nil without ICE-TCP.
    let announcedTCPPort: UInt16?
}
