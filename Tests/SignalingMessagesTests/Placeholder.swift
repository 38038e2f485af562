import Testing
@testable import SignalingMessages

@Test func signalingmessagesModuleBuilds() {}
