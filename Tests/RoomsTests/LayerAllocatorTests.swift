import Testing

@testable import Rooms

/// The layer policy alone: lowest layers first, upgrades while the budget
/// allows (with headroom above the current layer), base temporal layer or
/// pause when even the lowest does not fit.
@Suite struct LayerAllocatorTests {
    static let three: [UInt64?] = [150_000, 500_000, 1_500_000]

    @Test func unknownBandwidthGivesTheHighestWantedLayer() {
        let decisions = LayerAllocator.allocate(
            budget: nil,
            demands: [
                .init(layerBitrates: Self.three, maxLayer: 2), .init(layerBitrates: Self.three, maxLayer: 1),
                .init(layerBitrates: [nil, nil, nil], maxLayer: 2),
            ])
        #expect(decisions == [.layer(2, temporalLimit: nil), .layer(1, temporalLimit: nil), .layer(2, temporalLimit: nil)])
    }

    @Test(arguments: [
        (100_000, LayerAllocator.Decision.layer(0, temporalLimit: 0)),
        (60_000, .paused),
        (200_000, .layer(0, temporalLimit: nil)),
        (700_000, .layer(1, temporalLimit: nil)),
        (2_000_000, .layer(2, temporalLimit: nil)),
    ] as [(UInt64, LayerAllocator.Decision)])
    func oneTrackGetsWhatFits(budget: UInt64, expected: LayerAllocator.Decision) {
        let decision = LayerAllocator.allocate(
            budget: budget, demands: [.init(layerBitrates: Self.three, maxLayer: 2, hasTemporalLayers: true)])
        #expect(decision == [expected])
    }

    @Test func upgradesNeedHeadroomButKeepingALayerDoesNot() {
        // 560 kbit/s: the middle layer costs 500; going up to it needs 15 % more.
        let fresh = LayerAllocator.allocate(budget: 560_000, demands: [.init(layerBitrates: Self.three, maxLayer: 2, current: 0)])
        #expect(fresh == [.layer(0, temporalLimit: nil)])
        let kept = LayerAllocator.allocate(budget: 560_000, demands: [.init(layerBitrates: Self.three, maxLayer: 2, current: 1)])
        #expect(kept == [.layer(1, temporalLimit: nil)])
    }

    @Test func tracksShareTheBudgetRoundRobin() {
        let demands = [LayerAllocator.Demand](repeating: .init(layerBitrates: Self.three, maxLayer: 2, current: 2), count: 3)
        // 3 x 500 fits, 1,500 + 2 x 500 does not at 2,000.
        #expect(LayerAllocator.allocate(budget: 2_000_000, demands: demands) == Array(repeating: .layer(1, temporalLimit: nil), count: 3))
        // Unseen layers are never chosen.
        let partial = LayerAllocator.allocate(
            budget: 10_000_000, demands: [.init(layerBitrates: [150_000, nil, 1_500_000], maxLayer: 1)])
        #expect(partial == [.layer(0, temporalLimit: nil)])
    }
}
