import Testing
@testable import ICELite

@Test func iceliteModuleBuilds() {}
