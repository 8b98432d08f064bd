import Cryptography
import Testing

@testable import Ledger

/// Parsing verifier keys (`<name>+<key ID>+<base64(type ‖ key)>`).
struct NoteVerifierTests {
    static let signer = try! NoteFixtures.signer("example.com/log42")
    /// The signer's vkey split into name, key ID and base64 key.
    static let parts = signer.verifierKey.split(separator: "+", maxSplits: 2).map(String.init)
    static let publicKey = try! Ed25519.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)).publicKey

    @Test func parsesAKeyWhoseBase64HoldsAPlus() throws {
        // Find a key whose base64 has a `+`, to check that only the first two `+` split the vkey.
        let keys = try (0..<64).map { seed throws(CryptographyError) in
            try Ed25519.PrivateKey(rawRepresentation: [UInt8](repeating: UInt8(seed), count: 32)).publicKey
        }
        let publicKey = try #require(keys.first { Base64.encode([0x01] + $0.rawRepresentation).contains("+") })
        let vkey = NoteVerifier.makeVerifierKey(name: "example.com/log42", publicKey: publicKey)
        let verifier = try NoteVerifier(verifierKey: vkey)
        #expect(verifier.name == "example.com/log42")
        #expect(verifier.publicKey == publicKey)
        #expect(verifier.verifierKey == vkey)
    }

    @Test(
        arguments: [
            ("empty", ""),
            ("no plus", "example.com/log42"),
            ("one plus", "example.com/log42+\(parts[1])"),
            ("empty name", "+\(parts[1])+\(parts[2])"),
            ("space in the name", "example com+\(parts[1])+\(parts[2])"),
            ("uppercase key ID", "\(parts[0])+\(parts[1].uppercased())+\(parts[2])"),
            ("7-digit key ID", "\(parts[0])+\(parts[1].dropLast())+\(parts[2])"),
            ("9-digit key ID", "\(parts[0])+0\(parts[1])+\(parts[2])"),
            ("key ID not hex", "\(parts[0])+zzzzzzzz+\(parts[2])"),
            ("no key", "\(parts[0])+\(parts[1])+"),
            ("key not base64", "\(parts[0])+\(parts[1])+\(parts[2].dropLast())"),
            ("key with a newline", "\(parts[0])+\(parts[1])+\(parts[2])\n"),
            ("key of 32 bytes", "\(parts[0])+\(parts[1])+" + Base64.encode([0x01] + [UInt8](repeating: 1, count: 31))),
            ("key of 34 bytes", "\(parts[0])+\(parts[1])+" + Base64.encode([0x01] + [UInt8](repeating: 1, count: 33))),
            ("over 2 KiB", String(repeating: "n", count: 2048) + "+\(parts[1])+\(parts[2])"),
        ] as [(String, String)])
    func rejectsAMalformedKey(_ name: String, _ vkey: String) {
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try NoteVerifier(verifierKey: vkey) } == .vkeyMalformed,
            "\(name)")
    }

    @Test(arguments: [0x02, 0x04, 0x05, 0xff] as [UInt8])
    func rejectsAKeyOfAnotherType(_ type: UInt8) {
        let vkey = "\(Self.parts[0])+\(Self.parts[1])+" + Base64.encode([type] + Self.publicKey.rawRepresentation)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try NoteVerifier(verifierKey: vkey) } == .vkeyUnsupportedType)
    }

    @Test func rejectsAKeyIDThatIsNotTheKeysOwn() {
        let wrongID = NoteVerifier.hex(Self.signer.keyID ^ 0x8000_0000)
        for vkey in [
            "\(Self.parts[0])+\(wrongID)+\(Self.parts[2])", "example.com/log43+\(Self.parts[1])+\(Self.parts[2])",
        ] {
            #expect(
                NoteFixtures.code { () throws(LedgerError) in try NoteVerifier(verifierKey: vkey) } == .vkeyIDMismatch)
        }
    }

    @Test func writesKeyIDsAsEightLowercaseHexDigits() {
        #expect(NoteVerifier.hex(0) == "00000000")
        #expect(NoteVerifier.hex(0x0a0b_0c0d) == "0a0b0c0d")
        #expect(NoteVerifier.hex(0xffff_ffff) == "ffffffff")
    }

    @Test func equalsItselfAndNotAnotherKey() throws {
        let other = try NoteFixtures.verifier(for: NoteFixtures.signer("example.com/log42", seed: 8))
        #expect(try NoteVerifier(verifierKey: Self.signer.verifierKey) == NoteFixtures.verifier(for: Self.signer))
        #expect(other != (try NoteFixtures.verifier(for: Self.signer)))
    }
}
