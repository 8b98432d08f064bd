import Cryptography
import Testing

@testable import Ledger

/// Signing notes with an Ed25519 key and verifying them with the signer's own vkey.
struct NoteSignerTests {
    static let text = "example.com/log42\n5\nsome text with spaces\n"

    @Test func signsANoteThatVerifiesWithItsOwnVerifierKey() throws {
        let signer = try NoteSigner(name: "example.com/log42", privateKey: Ed25519.PrivateKey.generate())
        let note = try signer.sign(Self.text)
        #expect(note.hasPrefix(Self.text + "\n\u{2014} example.com/log42 "))
        #expect(note.hasSuffix("\n"))
        let parsed = try SignedNote.parse(note)
        #expect(parsed.text == Self.text)
        #expect(parsed.signatures.count == 1)
        #expect(parsed.signatures.first?.name == signer.name)
        #expect(parsed.signatures.first?.keyID == signer.keyID)
        #expect(parsed.signatures.first?.bytes.count == Ed25519.signatureByteCount)
        let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
        #expect(try parsed.verify([verifier]) == [verifier])
    }

    @Test func verifierKeyParsesToTheSameNameKeyIDAndText() throws {
        let signer = try NoteFixtures.signer("example.com/log42")
        let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
        #expect(verifier.name == signer.name)
        #expect(verifier.keyID == signer.keyID)
        #expect(verifier.verifierKey == signer.verifierKey)
        #expect(signer.verifierKey.hasPrefix("example.com/log42+\(NoteVerifier.hex(signer.keyID))+A"))
    }

    @Test func computesTheKeyIDAsSpecified() throws {
        let privateKey = try Ed25519.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32))
        let signer = try NoteSigner(name: "example.com/log42", privateKey: privateKey)
        // key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4], big-endian.
        let digest = SHA256.hash(
            Array("example.com/log42".utf8) + [0x0A, 0x01] + privateKey.publicKey.rawRepresentation)
        let expected = digest.bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(signer.keyID == expected)
        #expect(signer.verifierKey.split(separator: "+")[1] == Hex.encode(digest.bytes.prefix(4)))
    }

    @Test func signsDeterministically() throws {
        let first = try NoteFixtures.signer("example.com/log42").sign(Self.text)
        let second = try NoteFixtures.signer("example.com/log42").sign(Self.text)
        #expect(first == second)
        #expect(try NoteFixtures.signer("example.com/log42", seed: 8).sign(Self.text) != first)
    }

    @Test func rejectsATamperedText() throws {
        let signer = try NoteFixtures.signer("example.com/log42")
        let note = try signer.sign(Self.text)
        let tampered = NoteFixtures.replacingByte(in: note, at: 18, with: UInt8(ascii: "6"))  // "5" -> "6"
        #expect(tampered.hasPrefix("example.com/log42\n6\n"))
        let parsed = try SignedNote.parse(tampered)
        let verifier = try NoteFixtures.verifier(for: signer)
        #expect(NoteFixtures.code { () throws(LedgerError) in try parsed.verify([verifier]) } == .noteSignatureInvalid)
    }

    @Test func rejectsATamperedSignature() throws {
        let signer = try NoteFixtures.signer("example.com/log42")
        let verifier = try NoteFixtures.verifier(for: signer)
        let signature = try #require(SignedNote.parse(signer.sign(Self.text)).signatures.first)
        for index in [0, 31, 63] {
            var bytes = signature.bytes
            bytes[index] ^= 0x01
            let note = Self.text + "\n" + NoteFixtures.signatureLine(signer.name, keyID: signer.keyID, bytes: bytes)
            let parsed = try SignedNote.parse(note)
            #expect(
                NoteFixtures.code { () throws(LedgerError) in try parsed.verify([verifier]) } == .noteSignatureInvalid)
        }
        // A flipped key ID bit makes the signature one by an unknown key.
        let note =
            Self.text + "\n"
            + NoteFixtures.signatureLine(signer.name, keyID: signer.keyID ^ 1, bytes: signature.bytes)
        let parsed = try SignedNote.parse(note)
        #expect(NoteFixtures.code { () throws(LedgerError) in try parsed.verify([verifier]) } == .noteUnverified)
    }

    @Test func verifiesNotesCosignedByTwoKeys() throws {
        let log = try NoteFixtures.signer("example.com/log42")
        let witness = try NoteFixtures.signer("witness.example", seed: 9)
        let witnessLine = try witness.sign(Self.text).dropFirst(Self.text.utf8.count + 1)
        let note = try log.sign(Self.text) + witnessLine
        let parsed = try SignedNote.parse(note)
        #expect(parsed.signatures.map(\.name) == ["example.com/log42", "witness.example"])
        let logVerifier = try NoteFixtures.verifier(for: log)
        let witnessVerifier = try NoteFixtures.verifier(for: witness)
        #expect(try parsed.verify([witnessVerifier, logVerifier]) == [logVerifier, witnessVerifier])
        #expect(try parsed.verify([witnessVerifier]) == [witnessVerifier])
    }

    @Test func roundTripsTextsWithBlankLines() throws {
        let signer = try NoteFixtures.signer("example.com/log42")
        for text in ["a\n\nb\n", "a\n\n", "\u{2014} not a signature\n", "\n", "ünïcødé \u{00A0}spaces\n"] {
            let parsed = try SignedNote.parse(signer.sign(text))
            #expect(parsed.text == text)
            #expect(try parsed.verify([NoteFixtures.verifier(for: signer)]).count == 1)
        }
    }

    @Test(arguments: [
        "", "a b", "a+b", "a\tb", "a\nb", "a\u{00A0}b", "a\u{2003}b", "a\u{1}b", String(repeating: "n", count: 1025),
    ])
    func rejectsAnInvalidKeyName(_ name: String) throws {
        let key = try Ed25519.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32))
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try NoteSigner(name: name, privateKey: key) }
                == .noteKeyNameInvalid)
    }

    @Test(arguments: ["", "no final newline", "carriage return\r\n", "nul \u{0}\n", "tab\there\n"])
    func rejectsATextThatCannotBeSigned(_ text: String) throws {
        let signer = try NoteFixtures.signer("example.com/log42")
        #expect(NoteFixtures.code { () throws(LedgerError) in try signer.sign(text) } == .noteMalformed)
    }

    @Test func rejectsATextTooLargeForANote() throws {
        let signer = try NoteFixtures.signer("example.com/log42")
        let text = String(repeating: "x", count: SignedNote.maxByteCount - 1) + "\n"
        #expect(NoteFixtures.code { () throws(LedgerError) in try signer.sign(text) } == .noteMalformed)
        let fits = String(repeating: "x", count: SignedNote.maxByteCount - 200) + "\n"
        #expect(try SignedNote.parse(signer.sign(fits)).text == fits)
    }
}
