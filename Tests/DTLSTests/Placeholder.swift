import Testing
@testable import DTLS

@Test func dtlsModuleBuilds() {}
