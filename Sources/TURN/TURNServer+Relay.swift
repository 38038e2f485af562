import NIOCore
import STUN

extension TURNServer {
    /// A Send indication (RFC 8656 §11.2): DATA to XOR-PEER-ADDRESS, if a
    /// permission exists. Indications get no answer, so every failure is a
    /// counted drop.
    mutating func handleSend(_ indication: STUNMessage, fiveTuple: TURNFiveTuple, now: NIODeadline) -> [TURNAction] {
        guard allocations[fiveTuple] != nil else { return drop(.noAllocation) }
        guard indication.unknownComprehensionRequiredForTURN.isEmpty,
            let peer = try? indication.xorPeerAddresses().first, let data = indication.turnData
        else { return drop(.badIndication) }
        return relayToPeer(ByteBuffer(bytes: data), peer: peer, fiveTuple: fiveTuple, now: now)
    }

    /// ChannelData from a client (RFC 8656 §12.6): to the channel's peer.
    mutating func handleChannelData(_ packet: ByteBuffer, fiveTuple: TURNFiveTuple, now: NIODeadline) -> [TURNAction] {
        let frame: TURNChannelData
        do {
            frame = try TURNChannelData(parsing: packet)
        } catch {
            if case .lengthOverrun = error { return drop(.channelDataOverrun) }
            return drop(.malformed)
        }
        guard let allocation = allocations[fiveTuple] else { return drop(.noAllocation) }
        guard let peer = allocation.peer(onChannel: frame.channelNumber, now: now) else { return drop(.noChannel) }
        return relayToPeer(frame.data, peer: peer, fiveTuple: fiveTuple, now: now)
    }

    /// A datagram from `peer` arriving at relayed address `relay` (RFC 8656
    /// §11.3, §12.7): to the client as ChannelData when a channel is bound
    /// to the peer, else as a Data indication; dropped without a permission.
    public mutating func handleFromPeer(
        _ datagram: ByteBuffer, from peer: STUNAddress, to relay: STUNAddress, now: NIODeadline
    ) -> [TURNAction] {
        guard let fiveTuple = fiveTupleByRelay[relay], let allocation = allocations[fiveTuple] else {
            return drop(.noAllocation)
        }
        guard now < allocation.expiry else { return drop(.noAllocation) }
        guard configuration.peerPolicy.allowsTraffic(with: peer) else { return drop(.forbiddenPeer) }
        guard allocation.hasPermission(for: peer.ip, now: now) else { return drop(.noPermission) }
        let size = datagram.readableBytes
        guard allocations[fiveTuple]?.bucket?.take(size, now: now) ?? true else { return drop(.bandwidth) }
        let bytes: ByteBuffer
        if let channel = allocation.channel(for: peer, now: now), size <= Int(UInt16.max) {
            bytes = TURNChannelData(channelNumber: channel, data: datagram)
                .serialized(padded: fiveTuple.transport.padsChannelData)
        } else {
            bytes = Self.dataIndication(peer: peer, data: datagram)
        }
        counters.peerToClientPackets &+= 1
        counters.peerToClientBytes &+= UInt64(size)
        return [.sendToClient(bytes, fiveTuple: fiveTuple)]
    }

    /// A Data indication (RFC 8656 §11.4) carrying `data` from `peer`.
    private static func dataIndication(peer: STUNAddress, data: ByteBuffer) -> ByteBuffer {
        let transactionID = STUNTransactionID.random()
        let indication = STUNMessage(
            type: STUNMessageType(method: .data, messageClass: .indication), transactionID: transactionID,
            attributes: [.xorPeerAddress(peer, transactionID: transactionID), .data(Array(data.readableBytesView))])
        return indication.serialized()
    }

    /// Client data to `peer` through the allocation of `fiveTuple`, if the
    /// policy, a permission and the bandwidth allow.
    private mutating func relayToPeer(
        _ data: ByteBuffer, peer: STUNAddress, fiveTuple: TURNFiveTuple, now: NIODeadline
    ) -> [TURNAction] {
        guard let allocation = allocations[fiveTuple], now < allocation.expiry else { return drop(.noAllocation) }
        guard configuration.peerPolicy.allowsTraffic(with: peer) else { return drop(.forbiddenPeer) }
        guard allocation.hasPermission(for: peer.ip, now: now) else { return drop(.noPermission) }
        guard allocations[fiveTuple]?.bucket?.take(data.readableBytes, now: now) ?? true else {
            return drop(.bandwidth)
        }
        counters.clientToPeerPackets &+= 1
        counters.clientToPeerBytes &+= UInt64(data.readableBytes)
        return [.sendToPeer(data, peer: peer, relay: allocation.relay)]
    }

    private mutating func drop(_ reason: TURNDropReason) -> [TURNAction] {
        counters.drop(reason)
        return []
    }
}
