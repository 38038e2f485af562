import DataChannel
import MediaNegotiation
import MediaTransport
import NIOCore
import Rooms

/// The participant's data channels: each PC's SCTP association runs in its
/// peer transport once the SDP accepted an m=application; the room routes
/// what the publish PC's channels carry to the others' subscribe PCs.
extension ParticipantConnection {
    /// After a publish answer or a subscribe answer: starts that PC's data
    /// channels if the negotiation accepted them.
    func enableDataChannels(publish: Bool) {
        let limits = room.limits.dataChannels
        if publish {
            guard let negotiated = room.publishDataChannel(of: participant), let transport = publishTransport else { return }
            transport.enableDataChannels(
                DataChannelSettings(
                    maxMessageSize: limits.maxMessageSize, remoteMaxMessageSize: negotiated.remoteMaxMessageSize,
                    remotePort: negotiated.remotePort, maxChannels: limits.maxChannelsPerParticipant))
        } else {
            guard let negotiated = room.subscribeDataChannel(of: participant), let transport = subscribeTransportHandle
            else { return }
            subscriberMaxMessageSize = min(negotiated.remoteMaxMessageSize, limits.maxMessageSize)
            // The room refuses past `maxBufferedBytesPerReceiver`; the engine's
            // own bound sits above it so it is never the one that refuses.
            transport.enableDataChannels(
                DataChannelSettings(
                    maxMessageSize: limits.maxMessageSize, remoteMaxMessageSize: negotiated.remoteMaxMessageSize,
                    remotePort: negotiated.remotePort, maxChannels: 512,
                    sendBufferLimit: limits.maxBufferedBytesPerReceiver + limits.maxMessageSize))
        }
    }

    func openForwardedChannel(label: String, protocol name: String, type: DataChannelType) -> UInt16? {
        try? subscribeTransportHandle?.openDataChannel(label: label, protocol: name, type: type)
    }

    func sendForwarded(_ bytes: ByteBuffer, binary: Bool, on channel: UInt16) -> Bool {
        guard let transport = subscribeTransportHandle else { return false }
        do {
            try transport.sendDataChannelMessage(bytes, binary: binary, on: channel)
            return true
        } catch {
            return false
        }
    }

    func closeForwardedChannel(_ channel: UInt16) {
        subscribeTransportHandle?.closeDataChannel(channel)
    }

    var forwardedBufferedAmount: Int { subscribeTransportHandle?.dataChannelBufferedAmount ?? 0 }

    var forwardedMaxMessageSize: Int { subscriberMaxMessageSize }

    /// A data channel event of either PC, to the room.
    func dataChannelEvent(_ event: DataChannelAction, on peer: PeerTransport) {
        let now = NIODeadline.now()
        if peer === publishTransport {
            switch event {
            case .opened(let info): room.dataChannelOpened(by: participant, info)
            case .message(let message): room.dataChannelMessage(from: participant, message, now: now)
            case .closed(let info): room.dataChannelClosed(by: participant, id: info.id)
            case .associationClosed: room.publishDataChannelsEnded(participant)
            case .ready, .send: break
            }
        } else if peer === subscribeTransportHandle {
            switch event {
            case .ready: room.subscriberDataChannelsReady(participant)
            case .opened(let info) where !peer.isOwnDataChannel(info.id): room.subscriberOpenedDataChannel(participant, info)
            case .closed(let info): room.subscriberDataChannelClosed(participant, id: info.id)
            case .associationClosed: room.subscribeDataChannelsEnded(participant)
            case .opened, .message, .send: break
            }
        }
    }
}
