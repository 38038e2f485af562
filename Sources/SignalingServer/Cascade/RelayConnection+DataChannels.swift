import DataChannel
import MediaNegotiation
import MediaTransport
import NIOCore
import Rooms
import SDP

/// Data channels across a relay. The far node opens, on the relay's
/// subscribe PC, one channel per channel of its own participants, labelled
/// `<participant id>/<label>` as for any receiver; here each becomes
/// channel `<label>` of the participant standing for that far participant,
/// so local receivers get `<participant id>/<label>` exactly as from a
/// local sender. The other direction is the far node's own relay to this one.
extension RelayConnection {
    /// The far offer's data m-line, when it has a live one: SCTP runs on
    /// the relay's transport (its first offer with one; later ones change nothing).
    func enableDataChannels(offeredIn offer: SessionDescription) {
        guard let transport,
            let media = offer.media.first(where: { DataChannelSDP.isDataChannel($0) && !$0.isRejected }),
            let mid = media.mid
        else { return }
        let limits = room.limits.dataChannels
        let remote = DataChannelSDP.remote(of: media, mid: mid)
        // The far node opens up to 512 channels on a receiver's association.
        transport.enableDataChannels(
            DataChannelSettings(
                maxMessageSize: limits.maxMessageSize, remoteMaxMessageSize: remote.remoteMaxMessageSize,
                remotePort: remote.remotePort, maxChannels: 1_024))
    }

    func peerTransport(_ peer: PeerTransport, dataChannel event: DataChannelAction) {
        switch event {
        case .opened(let info) where !peer.isOwnDataChannel(info.id):
            guard let (farID, label) = Self.split(info.label) else {
                peer.closeDataChannel(info.id)
                return
            }
            var local = info
            local.label = label
            if let member = members.first(where: { $0.farID == farID }) {
                channelOwners[info.id] = member.participant
                room.dataChannelOpened(by: member.participant, local)
            } else {
                // Its channel crossed before the roster named it.
                waitingChannels.append((farID, local))
            }
        case .message(let message):
            guard let owner = channelOwners[message.channel] else { return }
            room.dataChannelMessage(from: owner, message, now: .now())
        case .closed(let info):
            waitingChannels.removeAll { $0.info.id == info.id }
            guard let owner = channelOwners.removeValue(forKey: info.id) else { return }
            room.dataChannelClosed(by: owner, id: info.id)
        case .associationClosed:
            for member in members { room.publishDataChannelsEnded(member.participant) }
            channelOwners = [:]
            waitingChannels = []
        case .opened, .ready, .send:
            break
        }
    }

    /// Channels that crossed before their far participant was known here.
    func openWaitingChannels(of farID: String, as participant: Participant) {
        let waiting = waitingChannels.filter { $0.farID == farID }
        waitingChannels.removeAll { $0.farID == farID }
        for channel in waiting {
            channelOwners[channel.info.id] = participant
            room.dataChannelOpened(by: participant, channel.info)
        }
    }

    /// `<participant id>/<label>`: the id has no `/`, the label may.
    static func split(_ label: String) -> (farID: String, label: String)? {
        guard let slash = label.firstIndex(of: "/"), slash != label.startIndex else { return nil }
        return (String(label[..<slash]), String(label[label.index(after: slash)...]))
    }
}
