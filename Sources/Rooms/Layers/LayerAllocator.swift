/// Shares one subscriber's bandwidth among its video down tracks: each
/// gets its lowest simulcast layer first, then layers go up one step at a
/// time, round robin, while the budget allows; a track whose lowest layer
/// does not fit gets only its base temporal layer (VP8 TL0), or is paused.
/// Hysteresis: a layer above the current one needs 15 % headroom; the
/// current one (and those below) is kept until the budget falls under
/// 80 % of its cost, since an estimate trails what is sent when nothing
/// is congested. Pure, so the policy is tested without packets.
public enum LayerAllocator {
    /// What one video down track could get.
    public struct Demand: Sendable, Hashable {
        /// Measured bitrate of each layer, lowest first; nil for a layer
        /// not seen (not sent), which is never chosen.
        public var layerBitrates: [UInt64?]
        /// Highest layer index the subscriber wants.
        public var maxLayer: Int
        /// The layer forwarded now, if any (upgrades past it need headroom).
        public var current: Int?
        /// Whether the stream has temporal layers to fall back on.
        public var hasTemporalLayers: Bool
        /// False while the budget is only a guess: the lowest layer is given
        /// rather than nothing.
        public var canPause: Bool

        public init(
            layerBitrates: [UInt64?], maxLayer: Int, current: Int? = nil, hasTemporalLayers: Bool = false,
            canPause: Bool = true
        ) {
            self.layerBitrates = layerBitrates
            self.maxLayer = maxLayer
            self.current = current
            self.hasTemporalLayers = hasTemporalLayers
            self.canPause = canPause
        }
    }

    /// The outcome for one down track.
    public enum Decision: Sendable, Hashable {
        /// Forward layer `index`; `temporalLimit` 0 forwards only TL0.
        case layer(Int, temporalLimit: UInt8?)
        /// Nothing fits: forward nothing.
        case paused
    }

    /// Share of a layer's rate assumed for its base temporal layer alone.
    static let baseTemporalShare = 0.5
    /// Headroom asked before going above the current layer (no flapping).
    static let upgradeHeadroom = 1.15
    /// Share of its cost the budget must cover to keep the current layer.
    static let keepShare = 0.8

    /// What `decisions` cost by the layers' measured rates, bit/s.
    public static func cost(of decisions: [Decision], _ demands: [Demand]) -> UInt64 {
        var total: Double = 0
        for (decision, demand) in zip(decisions, demands) {
            guard case .layer(let index, let temporalLimit) = decision, demand.layerBitrates.indices.contains(index)
            else { continue }
            let rate = Double(demand.layerBitrates[index] ?? 0)
            total += temporalLimit == nil ? rate : rate * baseTemporalShare
        }
        return UInt64(total)
    }

    /// Decisions for `demands` within `budget` bit/s; nil budget (not known
    /// yet) gives every track its highest wanted layer.
    public static func allocate(budget: UInt64?, demands: [Demand]) -> [Decision] {
        let available = demands.map { demand -> [Int] in
            let limit = min(max(demand.maxLayer, 0), demand.layerBitrates.count - 1)
            guard limit >= 0 else { return [] }
            return (0...limit).filter { demand.layerBitrates[$0] != nil }
        }
        guard let budget else {
            return demands.indices.map { index in
                let highest = available[index].last ?? min(max(demands[index].maxLayer, 0), max(demands[index].layerBitrates.count - 1, 0))
                return .layer(highest, temporalLimit: nil)
            }
        }
        var remaining = Double(budget)
        var decisions = [Decision](repeating: .paused, count: demands.count)
        var step = [Int](repeating: -1, count: demands.count)
        func cost(_ index: Int, _ position: Int) -> Double {
            Double(demands[index].layerBitrates[available[index][position]] ?? 0)
        }
        /// Budget `extra` needs to reach layer `layer`: less to stay, more to climb.
        func needed(_ index: Int, layer: Int, extra: Double, full: Double) -> Double {
            layer <= (demands[index].current ?? -1) ? extra * keepShare : extra + full * (upgradeHeadroom - 1)
        }
        for index in demands.indices {
            guard !available[index].isEmpty else {
                // Nothing measured yet: start on the lowest wanted layer.
                decisions[index] = .layer(0, temporalLimit: nil)
                continue
            }
            let lowest = cost(index, 0)
            let layer = available[index][0]
            if needed(index, layer: layer, extra: lowest, full: lowest) <= remaining {
                remaining = max(remaining - lowest, 0)
                step[index] = 0
                decisions[index] = .layer(layer, temporalLimit: nil)
            } else if demands[index].hasTemporalLayers, lowest * baseTemporalShare <= remaining {
                remaining -= lowest * baseTemporalShare
                decisions[index] = .layer(layer, temporalLimit: 0)
            } else if !demands[index].canPause {
                remaining = 0
                step[index] = 0
                decisions[index] = .layer(layer, temporalLimit: nil)
            }
        }
        var upgraded = true
        while upgraded {
            upgraded = false
            for index in demands.indices where step[index] >= 0 && step[index] + 1 < available[index].count {
                let next = step[index] + 1
                let extra = cost(index, next) - cost(index, step[index])
                let layer = available[index][next]
                guard needed(index, layer: layer, extra: extra, full: cost(index, next)) <= remaining else { continue }
                remaining = max(remaining - extra, 0)
                step[index] = next
                decisions[index] = .layer(layer, temporalLimit: nil)
                upgraded = true
            }
        }
        return decisions
    }
}
