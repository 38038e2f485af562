import NIOCore
import STUN

extension TURNServer {
    /// The UDP protocol number, the only REQUESTED-TRANSPORT served (RFC 8656 §7.2).
    static let udpProtocol: UInt8 = 17

    /// Allocate (RFC 8656 §7.2), after authentication.
    mutating func allocate(
        _ request: STUNMessage, fiveTuple: TURNFiveTuple, credential: TURNCredential, now: NIODeadline
    ) -> [TURNAction] {
        let key = credential.key
        if let existing = allocations[fiveTuple] {
            // A retransmitted Allocate gets the same success again; any other is a mismatch.
            guard existing.allocateTransaction == request.transactionID, existing.username == credential.username
            else { return [refuse(request, .allocationMismatch, fiveTuple: fiveTuple, key: key)] }
            let remaining = UInt32(clamping: max(0, (existing.expiry - now).nanoseconds / 1_000_000_000))
            return [allocateSuccess(request, allocation: existing, lifetime: remaining)]
        }
        let transport: UInt8?
        let family: UInt8?
        let evenPort: Bool?
        let lifetime: UInt32?
        do {
            transport = try request.requestedTransport()
            family = try request.requestedAddressFamily()
            evenPort = try request.evenPort()
            lifetime = try request.lifetime()
        } catch {
            return [refuse(request, .badRequest, fiveTuple: fiveTuple, key: key)]
        }
        guard let transport else { return [refuse(request, .badRequest, fiveTuple: fiveTuple, key: key)] }
        guard transport == Self.udpProtocol else {
            return [refuse(request, .unsupportedTransportProtocol, fiveTuple: fiveTuple, key: key)]
        }
        // Relays are sent without the DF bit, so DONT-FRAGMENT is not understood (§7.2).
        if request.dontFragment {
            counters.refuse(STUNErrorCode.unknownAttribute.code)
            let response = STUNMessage.errorResponse(
                to: request, error: .unknownAttribute, unknownAttributes: [.dontFragment],
                software: configuration.software)
            return [reply(response, to: request, fiveTuple: fiveTuple, key: key)]
        }
        if request.hasReservationToken {
            // RESERVATION-TOKEN excludes EVEN-PORT and REQUESTED-ADDRESS-FAMILY;
            // alone it names a reservation, and this server makes none (508).
            let conflicting = evenPort != nil || family != nil
            return [refuse(request, conflicting ? .badRequest : .insufficientCapacity, fiveTuple: fiveTuple, key: key)]
        }
        if let family, family != relayFamily {
            return [refuse(request, .addressFamilyNotSupported, fiveTuple: fiveTuple, key: key)]
        }
        // Reserving the next port (the R bit) is not offered.
        if evenPort == true {
            return [refuse(request, .insufficientCapacity, fiveTuple: fiveTuple, key: key)]
        }
        let userCount = allocationsByParticipant[credential.participant, default: 0]
        guard userCount < configuration.maxAllocationsPerParticipant, allocations.count < configuration.maxAllocations
        else { return [refuse(request, .allocationQuotaReached, fiveTuple: fiveTuple, key: key)] }
        guard let relay = relayPool.reserve(evenPort: evenPort != nil) else {
            return [refuse(request, .insufficientCapacity, fiveTuple: fiveTuple, key: key)]
        }

        let granted = configuration.grantedLifetime(requested: lifetime)
        let bucket = configuration.bandwidthBytesPerSecond.map { rate in
            TURNTokenBucket(bytesPerSecond: rate, burst: configuration.bandwidthBurstBytes ?? rate, now: now)
        }
        var allocation = TURNAllocation(
            fiveTuple: fiveTuple, relay: relay, username: credential.username, participant: credential.participant,
            key: key, allocateTransaction: request.transactionID, expiry: now + .seconds(Int64(granted)),
            bucket: bucket)
        allocation.answersWithFingerprint = request.checkFingerprint() == .valid
        allocation.wantsEvenPort = evenPort != nil
        allocations[fiveTuple] = allocation
        fiveTupleByRelay[relay] = fiveTuple
        allocationsByParticipant[credential.participant] = userCount + 1
        counters.allocationsCreated &+= 1
        counters.allocationsActive = allocations.count
        schedule(allocation.expiry)
        return [.openRelay(relay, fiveTuple: fiveTuple), allocateSuccess(request, allocation: allocation, lifetime: granted)]
    }

    /// The family of the relay pool's address (0x01 IPv4, 0x02 IPv6).
    private var relayFamily: UInt8 {
        STUNAddress(ip: relayPool.ip, port: 0).family
    }

    /// XOR-RELAYED-ADDRESS, LIFETIME and XOR-MAPPED-ADDRESS (RFC 8656 §7.3).
    func allocateSuccess(_ request: STUNMessage, allocation: TURNAllocation, lifetime: UInt32) -> TURNAction {
        var attributes: [STUNAttribute] = []
        if let software = configuration.software { attributes.append(.software(software)) }
        attributes.append(.xorRelayedAddress(allocation.relay, transactionID: request.transactionID))
        attributes.append(.lifetime(lifetime))
        attributes.append(.xorMappedAddress(allocation.fiveTuple.client))
        let response = STUNMessage(
            type: STUNMessageType(method: .allocate, messageClass: .successResponse),
            transactionID: request.transactionID, attributes: attributes)
        return reply(response, to: request, fiveTuple: allocation.fiveTuple, key: allocation.key)
    }

    /// Refresh (RFC 8656 §8): a new lifetime, or LIFETIME 0 to delete.
    mutating func refresh(
        _ request: STUNMessage, fiveTuple: TURNFiveTuple, credential: TURNCredential, now: NIODeadline
    ) -> [TURNAction] {
        guard var allocation = allocations[fiveTuple] else {
            return [refuse(request, .allocationMismatch, fiveTuple: fiveTuple, key: credential.key)]
        }
        guard allocation.username == credential.username else {
            return [refuse(request, .wrongCredentials, fiveTuple: fiveTuple, key: credential.key)]
        }
        let requested: UInt32?
        do { requested = try request.lifetime() } catch {
            return [refuse(request, .badRequest, fiveTuple: fiveTuple, key: credential.key)]
        }
        var actions: [TURNAction] = []
        let granted: UInt32
        if requested == 0 {
            granted = 0
            actions.append(contentsOf: removeAllocation(fiveTuple))
            counters.allocationsDeleted &+= 1
        } else {
            granted = configuration.grantedLifetime(requested: requested)
            allocation.expiry = now + .seconds(Int64(granted))
            allocations[fiveTuple] = allocation
            schedule(allocation.expiry)
        }
        var attributes: [STUNAttribute] = []
        if let software = configuration.software { attributes.append(.software(software)) }
        attributes.append(.lifetime(granted))
        let response = STUNMessage(
            type: STUNMessageType(method: .refresh, messageClass: .successResponse),
            transactionID: request.transactionID, attributes: attributes)
        actions.append(reply(response, to: request, fiveTuple: fiveTuple, key: credential.key))
        return actions
    }
}
