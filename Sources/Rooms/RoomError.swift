/// Why a room refused a request; the signaling layer maps each to an
/// `error` code of the protocol.
public enum RoomError: Error, Sendable, Hashable {
    /// The room holds `maxParticipants` already (`room-full`).
    case full(maxParticipants: Int)
    /// The participant is not (or no longer) in the room (`bad-request`).
    case notInRoom
    /// An `answer` arrived with no offer in flight (`bad-request`).
    case noOfferInFlight
    /// A track id the participant does not receive (`bad-request`).
    case unknownTrack(String)
    /// A publish offer with more m-lines than allowed (`limit-reached`).
    case tooManyMediaSections(limit: Int)
    /// A publish that would give the participant more tracks than allowed
    /// (`limit-reached`); nothing of the offer is applied.
    case tooManyTracks(limit: Int)
    /// A participant with this id is in the room already (a far
    /// participant relayed twice, or an id collision).
    case duplicateParticipant(String)
    /// The SDP could not be negotiated (`bad-sdp`).
    case negotiation(String)
}
