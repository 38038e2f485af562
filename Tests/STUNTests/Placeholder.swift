import Testing
@testable import STUN

@Test func stunModuleBuilds() {}
