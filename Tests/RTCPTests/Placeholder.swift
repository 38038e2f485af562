import Testing
@testable import RTCP

@Test func rtcpModuleBuilds() {}
