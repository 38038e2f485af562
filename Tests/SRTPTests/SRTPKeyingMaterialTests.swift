import SRTP
import Testing

@Suite struct SRTPKeyingMaterialTests {
    /// Exported material 0, 1, 2, ... so every field's offset shows.
    private func counting(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0) } }

    @Test(arguments: SRTPProfile.allCases)
    func splitsClientKeyServerKeyClientSaltServerSalt(profile: SRTPProfile) throws {
        let material = counting(profile.keyingMaterialLength)
        let keyLength = profile.masterKeyLength
        let saltLength = profile.masterSaltLength
        // RFC 5764 §4.2: client key, server key, client salt, server salt.
        let clientKey = Array(material[0..<keyLength])
        let serverKey = Array(material[keyLength..<(2 * keyLength)])
        let clientSalt = Array(material[(2 * keyLength)..<(2 * keyLength + saltLength)])
        let serverSalt = Array(material[(2 * keyLength + saltLength)...])
        #expect(keyLength == (profile == .aeadAES256GCM ? 32 : 16))
        #expect(serverSalt.count == saltLength)

        let client = try SRTPKeyingMaterial(exported: material, profile: profile, role: .client)
        #expect(client.profile == profile)
        #expect(client.local.key == clientKey)
        #expect(client.local.salt == clientSalt)
        #expect(client.remote.key == serverKey)
        #expect(client.remote.salt == serverSalt)

        // The server's local is the client's remote and vice versa.
        let server = try SRTPKeyingMaterial(exported: material, profile: profile, role: .server)
        #expect(server.local == client.remote)
        #expect(server.remote == client.local)
    }

    @Test func splitFromASlice() throws {
        let profile = SRTPProfile.aeadAES128GCM
        let padded = [0xFF] + counting(profile.keyingMaterialLength) + [0xFF]
        let material = try SRTPKeyingMaterial(
            exported: padded[1..<(padded.count - 1)], profile: profile, role: .client)
        #expect(material.local.key == counting(16))
    }

    @Test(arguments: SRTPProfile.allCases)
    func wrongLengthIsATypedError(profile: SRTPProfile) {
        let expected = profile.keyingMaterialLength
        for length in [0, 30, expected - 1, expected + 1, 2 * expected] {
            #expect(throws: SRTPError.badKeyingMaterialLength(expected: expected, actual: length)) {
                try SRTPKeyingMaterial(exported: counting(length), profile: profile, role: .server)
            }
        }
    }

    @Test func masterKeyLengthsAreChecked() throws {
        #expect(throws: SRTPError.badKeyingMaterialLength(expected: 16, actual: 15)) {
            try SRTPMasterKey(key: counting(15), salt: counting(14), profile: .aes128CMHMACSHA1_80)
        }
        #expect(throws: SRTPError.badKeyingMaterialLength(expected: 12, actual: 14)) {
            try SRTPMasterKey(key: counting(16), salt: counting(14), profile: .aeadAES128GCM)
        }
        // A key made for CM has the wrong salt length for a GCM session.
        let cmKey = try SRTPMasterKey(key: counting(16), salt: counting(14), profile: .aes128CMHMACSHA1_80)
        #expect(throws: SRTPError.badKeyingMaterialLength(expected: 12, actual: 14)) {
            try SRTPSession(direction: .outbound, profile: .aeadAES128GCM, masterKey: cmKey)
        }
    }

    @Test func descriptionsHideSecrets() throws {
        let key = try SRTPMasterKey(key: Array(repeating: 0xAB, count: 16), salt: Array(repeating: 0xCD, count: 12),
                                    profile: .aeadAES128GCM)
        #expect(!"\(key)".contains("171"))
        #expect(!"\(key)".lowercased().contains("ab"))
    }
}
