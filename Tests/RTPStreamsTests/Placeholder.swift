import Testing
@testable import RTPStreams

@Test func rtpstreamsModuleBuilds() {}
