import Cryptography
import Testing

@testable import Ledger

/// The checkpoint body format, and signing and opening checkpoints with the log's key.
struct CheckpointTests {
    static let origin = "example.com/log42"
    /// A made-up root whose base64 holds a `+`.
    static let root = Base64.encode(SHA256.hash(Array("maestro".utf8)).bytes)

    @Test func writesAndParsesTheBody() throws {
        let rootHash = try #require(SHA256Digest(bytes: Base64.decode(Self.root)))
        let checkpoint = Checkpoint(origin: Self.origin, treeSize: 7, rootHash: rootHash)
        #expect(checkpoint.body == "example.com/log42\n7\n\(Self.root)\n")
        #expect(try Checkpoint.parse(body: checkpoint.body) == checkpoint)
    }

    @Test func roundTripsExtensionLinesAndOriginsWithSpaces() throws {
        let checkpoint = Checkpoint(
            origin: "go.sum database tree", treeSize: UInt64.max, rootHash: SHA256.hash([UInt8]()),
            extensionLines: ["first extension", "\u{2014} not a signature"])
        let parsed = try Checkpoint.parse(body: checkpoint.body)
        #expect(parsed == checkpoint)
        #expect(parsed.extensionLines == ["first extension", "\u{2014} not a signature"])
        #expect(checkpoint.body.hasPrefix("go.sum database tree\n18446744073709551615\n"))
    }

    @Test(arguments: ["0", "1", "10", "18446744073709551615"])
    func parsesATreeSize(_ size: String) throws {
        #expect(try Checkpoint.parse(body: "o\n\(size)\n\(Self.root)\n").treeSize == UInt64(size))
    }

    @Test(
        arguments: [
            ("empty", ""),
            ("two lines", "o\n7\n"),
            ("no final newline", "o\n7\n\(root)"),
            ("empty origin", "\n7\n\(root)\n"),
            ("empty extension line", "o\n7\n\(root)\n\n"),
            ("empty line between extensions", "o\n7\n\(root)\nx\n\ny\n"),
            ("carriage return", "o\r\n7\r\n\(root)\r\n"),
            ("control character in the origin", "o\u{1}\n7\n\(root)\n"),
            ("leading zero", "o\n07\n\(root)\n"),
            ("two zeros", "o\n00\n\(root)\n"),
            ("plus sign", "o\n+7\n\(root)\n"),
            ("minus sign", "o\n-7\n\(root)\n"),
            ("space before the size", "o\n 7\n\(root)\n"),
            ("hex size", "o\n0x7\n\(root)\n"),
            ("size over 64 bits", "o\n18446744073709551616\n\(root)\n"),
            ("size of 21 digits", "o\n100000000000000000000\n\(root)\n"),
            ("root of 31 bytes", "o\n7\n\(Base64.encode([UInt8](repeating: 1, count: 31)))\n"),
            ("root of 33 bytes", "o\n7\n\(Base64.encode([UInt8](repeating: 1, count: 33)))\n"),
            ("root not canonical", "o\n7\n\(root.dropLast(2))N=\n"),
            ("root unpadded", "o\n7\n\(root.dropLast())\n"),
            ("root in base64url", "o\n7\n\(root.replacingOccurrences(of: "+", with: "-"))\n"),
            ("over 1 MiB", String(repeating: "o", count: 1 << 20) + "\n7\n\(root)\n"),
        ] as [(String, String)])
    func rejectsAMalformedBody(_ name: String, _ body: String) {
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try Checkpoint.parse(body: body) } == .checkpointMalformed,
            "\(name)")
    }

    @Test func signsAndOpensWithTheLogKey() throws {
        let signer = try NoteFixtures.signer(Self.origin)
        let checkpoint = NoteFixtures.checkpoint(origin: Self.origin, treeSize: 42)
        let note = try checkpoint.signed(by: signer)
        #expect(note.hasPrefix(checkpoint.body + "\n\u{2014} \(Self.origin) "))
        #expect(try Checkpoint.open(note: note, verifier: NoteFixtures.verifier(for: signer)) == checkpoint)
    }

    @Test func opensACheckpointWithCosignaturesByUnknownKeys() throws {
        let signer = try NoteFixtures.signer(Self.origin)
        let checkpoint = NoteFixtures.checkpoint(origin: Self.origin)
        let witness = NoteFixtures.signatureLine("witness.example", keyID: 9, bytes: [UInt8](repeating: 3, count: 72))
        let note = try checkpoint.signed(by: signer) + witness
        #expect(try Checkpoint.open(note: note, verifier: NoteFixtures.verifier(for: signer)) == checkpoint)
    }

    @Test func refusesToSignUnderAKeyNotNamedAfterTheOrigin() throws {
        let signer = try NoteFixtures.signer("example.com/other")
        let checkpoint = NoteFixtures.checkpoint(origin: Self.origin)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try checkpoint.signed(by: signer) }
                == .checkpointOriginMismatch)
    }

    @Test(arguments: ["", "two\nlines", "a\rb"])
    func refusesToSignACheckpointWhoseBodyWouldNotReadBack(_ origin: String) throws {
        let signer = try NoteFixtures.signer(Self.origin)
        var checkpoint = NoteFixtures.checkpoint(origin: Self.origin)
        checkpoint.origin = origin
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try checkpoint.signed(by: signer) } == .checkpointMalformed)
        checkpoint.origin = Self.origin
        checkpoint.extensionLines = [origin]
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try checkpoint.signed(by: signer) } == .checkpointMalformed)
    }

    @Test func refusesToOpenATamperedOrForeignCheckpoint() throws {
        let signer = try NoteFixtures.signer(Self.origin)
        let verifier = try NoteFixtures.verifier(for: signer)
        let note = try NoteFixtures.checkpoint(origin: Self.origin, treeSize: 5).signed(by: signer)
        let tampered = NoteFixtures.replacingByte(in: note, at: Self.origin.utf8.count + 1, with: UInt8(ascii: "6"))
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try Checkpoint.open(note: tampered, verifier: verifier) }
                == .noteSignatureInvalid)
        let stranger = try NoteFixtures.verifier(for: NoteFixtures.signer(Self.origin, seed: 8))
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try Checkpoint.open(note: note, verifier: stranger) }
                == .noteUnverified)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try Checkpoint.open(note: "junk", verifier: verifier) }
                == .noteMalformed)
    }

    @Test func refusesToOpenASignedNoteThatIsNotACheckpoint() throws {
        let signer = try NoteFixtures.signer(Self.origin)
        let note = try signer.sign("\(Self.origin)\nnot a size\n\(Self.root)\n")
        let verifier = try NoteFixtures.verifier(for: signer)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try Checkpoint.open(note: note, verifier: verifier) }
                == .checkpointMalformed)
    }

    @Test func refusesToOpenACheckpointOfAnotherOrigin() throws {
        // The key is named after the origin it signs for; a checkpoint of another origin is refused.
        let signer = try NoteFixtures.signer(Self.origin)
        let note = try signer.sign(NoteFixtures.checkpoint(origin: "example.com/other").body)
        let verifier = try NoteFixtures.verifier(for: signer)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try Checkpoint.open(note: note, verifier: verifier) }
                == .checkpointOriginMismatch)
    }
}
