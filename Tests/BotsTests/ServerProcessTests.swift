import Foundation
import Testing

/// Where the Swift tests that run the server binary find it.
@Suite struct ServerProcessTests {
    @Test func switchboardBinOverridesTheDefaultBuild() {
        let chosen = ServerProcess.binary(environment: ["SWITCHBOARD_BIN": "/opt/elsewhere/switchboard"])
        #expect(chosen.path == "/opt/elsewhere/switchboard")
    }

    @Test func withoutItThePackagesDebugBuildIsUsed() {
        for environment in [[:], ["SWITCHBOARD_BIN": ""]] {
            #expect(ServerProcess.binary(environment: environment).path.hasSuffix("/.build/debug/switchboard"))
        }
    }
}
