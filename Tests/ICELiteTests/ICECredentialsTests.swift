import NIOCore
import STUN
import TestSupport
import Testing

@testable import ICELite

@Suite struct ICECredentialsTests {
    @Test func randomCredentialsUseIceCharsAndRFCLengths() throws {
        var random = SeededRandom(seed: 8445)
        var seen = Set<String>()
        for _ in 0..<300 {
            let credentials = ICECredentials.random(using: &random)
            #expect(credentials.ufrag.utf8.count == 8)
            #expect(credentials.password.utf8.count == 24)
            #expect(credentials.ufrag.utf8.allSatisfy(ICECredentials.isICEChar))
            #expect(credentials.password.utf8.allSatisfy(ICECredentials.isICEChar))
            // What the generator makes, the validating initializer accepts.
            #expect(try ICECredentials(ufrag: credentials.ufrag, password: credentials.password) == credentials)
            seen.insert(credentials.ufrag)
        }
        #expect(seen.count == 300)
    }

    @Test func randomLengthsAreClampedToTheRFCRanges() {
        var random = SeededRandom(seed: 1)
        let short = ICECredentials.random(using: &random, ufragLength: 1, passwordLength: 3)
        #expect(short.ufrag.utf8.count == 4)
        #expect(short.password.utf8.count == 22)
        let long = ICECredentials.random(using: &random, ufragLength: 1000, passwordLength: 1000)
        #expect(long.ufrag.utf8.count == 256)
        #expect(long.password.utf8.count == 256)
    }

    @Test func sameSeedSameCredentials() {
        var a = SeededRandom(seed: 42)
        var b = SeededRandom(seed: 42)
        #expect(ICECredentials.random(using: &a) == ICECredentials.random(using: &b))
        #expect(ICECredentials.random().ufrag != ICECredentials.random().ufrag)
    }

    @Test func allSixtyFourIceCharsAppear() {
        var random = SeededRandom(seed: 7)
        var chars = Set<UInt8>()
        for _ in 0..<100 { chars.formUnion(ICECredentials.random(using: &random).password.utf8) }
        #expect(chars.count == 64)
    }

    @Test func validationNamesTheProblem() {
        let password = "abcdefghijklmnopqrstuv"
        #expect(throws: ICEError.ufragLength(3)) { try ICECredentials(ufrag: "abc", password: password) }
        #expect(throws: ICEError.ufragLength(257)) {
            try ICECredentials(ufrag: String(repeating: "a", count: 257), password: password)
        }
        #expect(throws: ICEError.passwordLength(21)) { try ICECredentials(ufrag: "abcd", password: "abcdefghijklmnopqrstu") }
        #expect(throws: ICEError.invalidCharacter(in: .ufrag, at: 2)) { try ICECredentials(ufrag: "ab:cd", password: password) }
        #expect(throws: ICEError.invalidCharacter(in: .password, at: 0)) {
            try ICECredentials(ufrag: "abcd", password: " bcdefghijklmnopqrstuvw")
        }
        #expect(throws: ICEError.invalidCharacter(in: .ufrag, at: 0)) { try ICECredentials(ufrag: "éabcd", password: password) }
    }

    @Test func descriptionHidesThePassword() {
        let text = String(describing: Fixture.server)
        #expect(text.contains(Fixture.server.ufrag))
        #expect(!text.contains(Fixture.server.password))
    }
}

@Suite struct ICEUsernameTests {
    @Test func parsesReceiverAndSender() throws {
        let username = try ICEUsername(parsing: "srvU1234:cLi9")
        #expect(username.receiverUfrag == "srvU1234")
        #expect(username.senderUfrag == "cLi9")
        #expect(username.text == "srvU1234:cLi9")
        #expect(ICEUsername(receiverUfrag: "a", senderUfrag: "b").text == "a:b")
    }

    @Test(arguments: ["", "abcd", ":abcd", "abcd:", ":", "ab:cd:ef"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: ICEError.malformedUsername) { try ICEUsername(parsing: text) }
    }

    @Test func routingUfragIsTheFirstPart() {
        let request = Fixture.check().request
        #expect(ICELiteAgent.routingUfrag(of: request) == "srvU1234")
        #expect(ICEUsername.receiverUfrag(in: "abc:") == "abc")
        #expect(ICEUsername.receiverUfrag(in: ":abc") == nil)
        #expect(ICEUsername.receiverUfrag(in: "abc") == nil)
        #expect(ICELiteAgent.routingUfrag(of: .bindingRequest()) == nil)
        // Responses carry no routing information even with a USERNAME.
        var response = request
        response.type = .bindingSuccess
        #expect(ICELiteAgent.routingUfrag(of: response) == nil)
    }
}

@Suite struct ICEPriorityTests {
    @Test func formulaOfRFC8445Section5_1_2_1() {
        // Chrome's host candidate for component 1 and 2 (local preference 32542).
        #expect(ICECandidateType.priority(typePreference: 126, localPreference: 32542, componentID: 1) == 2_122_260_223)
        #expect(ICECandidateType.priority(typePreference: 126, localPreference: 32542, componentID: 2) == 2_122_260_222)
        #expect(ICECandidateType.host.priority() == 126 << 24 | 65535 << 8 | 255)
        #expect(ICECandidateType.peerReflexive.priority() == 110 << 24 | 65535 << 8 | 255)
        #expect(ICECandidateType.serverReflexive.priority(localPreference: 0, componentID: 1) == 100 << 24 | 255)
        #expect(ICECandidateType.relayed.priority(localPreference: 0, componentID: 256) == 0)
    }

    @Test func outOfRangeInputsAreClamped() {
        #expect(ICECandidateType.priority(typePreference: 255, localPreference: 0, componentID: 0) == 126 << 24 | 255)
        #expect(ICECandidateType.priority(typePreference: 0, localPreference: 0, componentID: 1000) == 0)
    }

    @Test func typesAreOrdered() {
        let priorities = [ICECandidateType.host, .peerReflexive, .serverReflexive, .relayed].map { $0.priority() }
        #expect(priorities == priorities.sorted(by: >))
    }
}

@Suite struct STUNAddressConversionTests {
    @Test func ipv4() throws {
        let address = try #require(STUNAddress(Fixture.clientV4))
        #expect(address == STUNAddress(ipv4: 192, 0, 2, 10, port: 40000))
        #expect(SocketAddress(address) == Fixture.clientV4)
    }

    @Test func ipv6() throws {
        let address = try #require(STUNAddress(Fixture.clientV6))
        #expect(address == STUNAddress(ip: .v6(0x2001_0db8_0000_0000, 0x42), port: 50123))
        #expect(SocketAddress(address) == Fixture.clientV6)
    }

    @Test func ipv4MappedIPv6BecomesIPv4() throws {
        let mapped = Fixture.address("::ffff:192.0.2.10", 40000)
        #expect(STUNAddress(mapped) == STUNAddress(ipv4: 192, 0, 2, 10, port: 40000))
    }

    @Test func unixSocketHasNoSTUNAddress() throws {
        let unix = try SocketAddress(unixDomainSocketPath: "/tmp/switchboard-test.sock")
        #expect(STUNAddress(unix) == nil)
    }
}
