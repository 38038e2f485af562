import DataChannel
import MediaNegotiation
import MediaTransport
import NIOCore
import SDP

/// Data channel load (`loadtest --data-rate`): a publishing bot opens one
/// reliable ordered channel, labelled "load", on its publish PC and sends
/// numbered, timestamped messages at the configured rate; a subscribing bot
/// measures what arrives on the channels the server opens for it
/// ("<publisher id>/load").
extension BotMedia {
    static let dataChannelLabel = "load"

    /// Starts SCTP on `peer` when the negotiated SDP accepted a data m-line.
    func enableDataChannels(on peer: PeerTransport?, remote: MediaDescription?) {
        guard let peer, let remote, !remote.isRejected, DataChannelSDP.isDataChannel(remote) else { return }
        let negotiated = DataChannelSDP.remote(of: remote, mid: remote.mid ?? "")
        peer.enableDataChannels(
            DataChannelSettings(remoteMaxMessageSize: negotiated.remoteMaxMessageSize, remotePort: negotiated.remotePort))
    }

    func peerTransport(_ peer: PeerTransport, dataChannel event: DataChannelAction) {
        switch event {
        case .ready where peer === publishTransport && dataSender != nil:
            do {
                dataChannelID = try peer.openDataChannel(
                    label: Self.dataChannelLabel, protocol: "", type: .reliableOrdered)
            } catch {
                logger.warning("could not open the load data channel", metadata: ["error": "\(error)"])
            }
        case .message(let message) where peer === subscribeTransport:
            dataReceiver.receive(
                message.bytes, on: message.channel, nowUptimeNanoseconds: NIODeadline.now().uptimeNanoseconds)
        case .closed where peer === subscribeTransport:
            dataReceiver.channelClosed()
        default:
            break
        }
    }

    /// Sends the data messages due now (from the tick).
    func sendDueDataMessages(on transport: PeerTransport, now: NIODeadline) {
        guard let channel = dataChannelID, var sender = dataSender else { return }
        for message in sender.due(nowUptimeNanoseconds: now.uptimeNanoseconds) {
            do {
                try transport.sendDataChannelMessage(message.encoded(size: sender.messageBytes), binary: true, on: channel)
                dataSent &+= 1
            } catch {
                dataSendFailures &+= 1
            }
        }
        dataSender = sender
    }
}
