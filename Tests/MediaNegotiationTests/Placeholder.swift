import Testing
@testable import MediaNegotiation

@Test func medianegotiationModuleBuilds() {}
