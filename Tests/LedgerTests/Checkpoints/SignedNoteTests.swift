import Cryptography
import Testing

@testable import Ledger

/// Strict parsing of the signed-note format and the rules for known and unknown keys.
struct SignedNoteTests {
    static let signer = try! NoteFixtures.signer("example.com/log42")
    static let verifier = try! NoteFixtures.verifier(for: signer)
    static let note = try! signer.sign("hello\n")
    /// The signature line of ``note``, newline included.
    static let line = String(note.dropFirst("hello\n\n".count))
    /// A well-formed signature line by an unknown key.
    static let otherLine = NoteFixtures.signatureLine(
        "other.example", keyID: 1, bytes: [UInt8](repeating: 2, count: 64))

    @Test func parsesTheTextAndSignatures() throws {
        let parsed = try SignedNote.parse(Self.note)
        #expect(parsed.text == "hello\n")
        #expect(parsed.signatures.count == 1)
        #expect(Self.line.hasPrefix("\u{2014} example.com/log42 "))
    }

    @Test func acceptsSixteenSignaturesButNotSeventeen() throws {
        let sixteen = Self.note + String(repeating: Self.otherLine, count: 15)
        let parsed = try SignedNote.parse(sixteen)
        #expect(parsed.signatures.count == 16)
        #expect(try parsed.verify([Self.verifier]) == [Self.verifier])
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try SignedNote.parse(sixteen + Self.otherLine) }
                == .noteMalformed)
    }

    @Test(
        arguments: [
            ("empty", ""),
            ("no signatures", "hello\n\n"),
            ("no blank line", "hello\n" + line),
            ("no final newline", String(note.dropLast())),
            ("carriage return", note.replacingOccurrences(of: "\n", with: "\r\n")),
            ("control character in the text", "hel\u{7}lo\n\n" + line),
            ("hyphen for the dash", "hello\n\n- " + line.dropFirst(2)),
            ("en dash for the dash", "hello\n\n\u{2013} " + line.dropFirst(2)),
            ("no space after the dash", "hello\n\n\u{2014}" + line.dropFirst(2)),
            ("no signature after the name", "hello\n\n\u{2014} example.com/log42\n"),
            ("two spaces after the name", note.replacingOccurrences(of: "log42 ", with: "log42  ")),
            ("a trailing space", String(note.dropLast()) + " \n"),
            ("plus in the key name", note.replacingOccurrences(of: "log42 ", with: "log+42 ")),
            ("no-break space in the key name", note.replacingOccurrences(of: "log42 ", with: "log\u{00A0}42 ")),
            ("empty key name", "hello\n\n\u{2014}  AAAAAAA=\n"),
            ("signature not base64", "hello\n\n\u{2014} a.example !!!!\n"),
            ("signature not canonical base64", "hello\n\n\u{2014} a.example AAAAAAB=\n"),
            ("signature of only a key ID", "hello\n\n\u{2014} a.example AAAAAA==\n"),
            ("junk after the signatures", note + "junk\n"),
            ("signature line over 8 KiB", "hello\n\n\u{2014} a.example " + String(repeating: "A", count: 8192) + "\n"),
            ("note over 1 MiB", String(repeating: "x", count: 1 << 20) + "\n\n" + line),
        ] as [(String, String)])
    func rejectsAMalformedNote(_ name: String, _ text: String) {
        #expect(NoteFixtures.code { () throws(LedgerError) in try SignedNote.parse(text) } == .noteMalformed, "\(name)")
    }

    @Test func separatesTheTextAtTheLastBlankLine() throws {
        let parsed = try SignedNote.parse("a\n\n\u{2014} not a signature\n\n" + Self.otherLine)
        #expect(parsed.text == "a\n\n\u{2014} not a signature\n")
        #expect(parsed.signatures.map(\.name) == ["other.example"])
        // A blank line among signature lines makes the lines before it part of the text.
        let split = try SignedNote.parse(Self.note + "\n" + Self.otherLine)
        #expect(split.text == "hello\n\n" + Self.line)
        #expect(split.signatures.map(\.name) == ["other.example"])
        #expect(NoteFixtures.code { () throws(LedgerError) in try split.verify([Self.verifier]) } == .noteUnverified)
    }

    @Test func ignoresUnknownKeysAndRejectsANoteWithNoKnownKey() throws {
        let parsed = try SignedNote.parse("hello\n\n" + Self.otherLine + Self.line)
        #expect(try parsed.verify([Self.verifier]) == [Self.verifier])
        let onlyOther = try SignedNote.parse("hello\n\n" + Self.otherLine)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try onlyOther.verify([Self.verifier]) } == .noteUnverified)
        #expect(NoteFixtures.code { () throws(LedgerError) in try onlyOther.verify([]) } == .noteUnverified)
    }

    @Test func ignoresAKeyWithTheSameIDUnderAnotherName() throws {
        let bytes = try #require(SignedNote.parse(Self.note).signatures.first).bytes
        let renamed =
            "hello\n\n" + NoteFixtures.signatureLine("example.com/log43", keyID: Self.signer.keyID, bytes: bytes)
        let parsed = try SignedNote.parse(renamed)
        #expect(NoteFixtures.code { () throws(LedgerError) in try parsed.verify([Self.verifier]) } == .noteUnverified)
    }

    @Test func rejectsTheWholeNoteWhenAKnownKeySignatureFails() throws {
        // A valid signature, then a bad one by the same known key: the note is rejected.
        let bad = NoteFixtures.signatureLine(
            Self.signer.name, keyID: Self.signer.keyID, bytes: [UInt8](repeating: 0, count: 64))
        let parsed = try SignedNote.parse(Self.note + bad)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try parsed.verify([Self.verifier]) } == .noteSignatureInvalid)
        // A known key's signature of the wrong length fails too.
        let short = NoteFixtures.signatureLine(Self.signer.name, keyID: Self.signer.keyID, bytes: [1, 2, 3])
        let shortNote = try SignedNote.parse("hello\n\n" + short)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try shortNote.verify([Self.verifier]) }
                == .noteSignatureInvalid)
    }

    @Test func reportsEachVerifiedKeyOnce() throws {
        let parsed = try SignedNote.parse(Self.note + Self.line)
        #expect(parsed.signatures.count == 2)
        #expect(try parsed.verify([Self.verifier, Self.verifier]) == [Self.verifier])
    }
}
