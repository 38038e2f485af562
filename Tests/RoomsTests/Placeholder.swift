import Testing
@testable import Rooms

@Test func roomsModuleBuilds() {}
