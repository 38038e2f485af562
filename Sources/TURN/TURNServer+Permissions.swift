import NIOCore
import STUN

extension TURNServer {
    /// The allocation of `fiveTuple` if the request may act on it: 437
    /// without one, 441 when made under another username (RFC 8656 §5).
    private mutating func ownAllocation(
        _ request: STUNMessage, fiveTuple: TURNFiveTuple, credential: TURNCredential
    ) -> Result<TURNAllocation, TURNAuthenticationRefusal> {
        guard let allocation = allocations[fiveTuple] else {
            return .failure(.init(action: refuse(request, .allocationMismatch, fiveTuple: fiveTuple, key: credential.key)))
        }
        guard allocation.username == credential.username else {
            return .failure(.init(action: refuse(request, .wrongCredentials, fiveTuple: fiveTuple, key: credential.key)))
        }
        return .success(allocation)
    }

    /// CreatePermission (RFC 8656 §9.2): every XOR-PEER-ADDRESS must be of
    /// the relay's family (443) and allowed by the peer policy (403), or
    /// none is installed.
    mutating func createPermission(
        _ request: STUNMessage, fiveTuple: TURNFiveTuple, credential: TURNCredential, now: NIODeadline
    ) -> [TURNAction] {
        let key = credential.key
        var allocation: TURNAllocation
        switch ownAllocation(request, fiveTuple: fiveTuple, credential: credential) {
        case .success(let value): allocation = value
        case .failure(let refusal): return [refusal.action]
        }
        guard let peers = try? request.xorPeerAddresses(), !peers.isEmpty else {
            return [refuse(request, .badRequest, fiveTuple: fiveTuple, key: key)]
        }
        guard peers.allSatisfy({ $0.family == allocation.relay.family }) else {
            return [refuse(request, .peerAddressFamilyMismatch, fiveTuple: fiveTuple, key: key)]
        }
        guard peers.allSatisfy({ configuration.peerPolicy.allowsPermission(for: $0.ip) }) else {
            return [refuse(request, .forbidden, fiveTuple: fiveTuple, key: key)]
        }
        let expiry = now + configuration.permissionLifetime
        for peer in peers { allocation.permissions[peer.ip] = expiry }
        allocations[fiveTuple] = allocation
        schedule(expiry)
        return [success(request, fiveTuple: fiveTuple, key: key)]
    }

    /// ChannelBind (RFC 8656 §12.2): a number in 0x4000-0x7FFF
    /// (`TURNChannelData.validChannelNumbers`), not bound
    /// (or quarantined) to another peer, for a peer not bound to another
    /// number (400 otherwise); binding also installs or refreshes the
    /// peer's permission.
    mutating func channelBind(
        _ request: STUNMessage, fiveTuple: TURNFiveTuple, credential: TURNCredential, now: NIODeadline
    ) -> [TURNAction] {
        let key = credential.key
        var allocation: TURNAllocation
        switch ownAllocation(request, fiveTuple: fiveTuple, credential: credential) {
        case .success(let value): allocation = value
        case .failure(let refusal): return [refusal.action]
        }
        guard let number = try? request.channelNumber(), TURNChannelData.validChannelNumbers.contains(number),
            let peer = try? request.xorPeerAddresses().first
        else { return [refuse(request, .badRequest, fiveTuple: fiveTuple, key: key)] }
        guard peer.family == allocation.relay.family else {
            return [refuse(request, .peerAddressFamilyMismatch, fiveTuple: fiveTuple, key: key)]
        }
        guard configuration.peerPolicy.allowsTraffic(with: peer) else {
            return [refuse(request, .forbidden, fiveTuple: fiveTuple, key: key)]
        }
        if let bound = allocation.channels[number], bound.peer != peer {
            return [refuse(request, .badRequest, fiveTuple: fiveTuple, key: key)]
        }
        if let boundNumber = allocation.channelByPeer[peer], boundNumber != number {
            return [refuse(request, .badRequest, fiveTuple: fiveTuple, key: key)]
        }
        let channelExpiry = now + configuration.channelLifetime
        allocation.channels[number] = TURNAllocation.Channel(peer: peer, expiry: channelExpiry)
        allocation.channelByPeer[peer] = number
        let permissionExpiry = now + configuration.permissionLifetime
        allocation.permissions[peer.ip] = max(allocation.permissions[peer.ip] ?? permissionExpiry, permissionExpiry)
        allocations[fiveTuple] = allocation
        schedule(min(permissionExpiry, channelExpiry))
        return [success(request, fiveTuple: fiveTuple, key: key)]
    }

    /// A success response with no attributes but SOFTWARE.
    private func success(_ request: STUNMessage, fiveTuple: TURNFiveTuple, key: STUNKey) -> TURNAction {
        var attributes: [STUNAttribute] = []
        if let software = configuration.software { attributes.append(.software(software)) }
        let response = STUNMessage(
            type: STUNMessageType(method: request.type.method, messageClass: .successResponse),
            transactionID: request.transactionID, attributes: attributes)
        return reply(response, to: request, fiveTuple: fiveTuple, key: key)
    }
}
