import SDP

extension HeaderExtensionURI {
    /// The extensions the server accepts from publishers; others offered are
    /// left out of the answer.
    public static let accepted: [String] = [mid, rid, repairedRID, absSendTime, transportWideCC, audioLevel]
}

extension HeaderExtensionIDs {
    /// The ids of `maps` (one-byte or two-byte ids, 1...255 only: RFC 8285
    /// §6's 4096...4351 are offer-only placeholders).
    public init(_ maps: [ExtensionMap]) {
        self.init()
        for map in maps where (1...255).contains(map.id) {
            self[map.uri] = UInt8(map.id)
        }
    }

    /// `a=extmap` lines for every URI, by ascending id.
    public var extensionMaps: [ExtensionMap] {
        idsByURI.sorted { $0.value < $1.value }.map { ExtensionMap(id: UInt16($0.value), uri: $0.key) }
    }
}
