import Cryptography
import Foundation
import TestSupport
import Testing

@testable import Ledger

/// The 16 signed checkpoints the Go serverless-log wrote (origin `example.com/testdata`, key
/// `astra`), verified with the log's vkey and parsed.
@Suite(.enabled(if: Vectors.shouldRun("ledger"), Comment(rawValue: Vectors.skipMessage("ledger"))))
struct ServerlessLogCheckpointTests {
    static let folder = "ledger/serverless-log"

    static func verifier() throws -> NoteVerifier {
        let log = try #require(
            JSONSerialization.jsonObject(with: Vectors.data("\(folder)/log.json")) as? [String: Any])
        return try NoteVerifier(verifierKey: try #require(log["vkey"] as? String))
    }

    static func note(_ name: String) throws -> String {
        try String(contentsOf: Vectors.url("\(folder)/checkpoints/\(name)"), encoding: .utf8)
    }

    @Test func coversEveryCheckpointFile() {
        let expected = (["checkpoint"] + (0...15).map { "checkpoint.\($0)" }).sorted()
        #expect(Vectors.fileNames(in: "\(Self.folder)/checkpoints") == expected)
    }

    @Test func parsesTheLogKey() throws {
        let verifier = try Self.verifier()
        #expect(verifier.name == "astra")
        #expect(verifier.keyID == 0xcad5_a3d2)
    }

    @Test(arguments: 0...15)
    func verifiesAndParsesTheCheckpoint(size: Int) throws {
        let verifier = try Self.verifier()
        let text = try Self.note("checkpoint.\(size)")
        let note = try SignedNote.parse(text)
        #expect(note.signatures.count == 1)
        #expect(note.signatures.first?.name == "astra")
        #expect(note.signatures.first?.keyID == 0xcad5_a3d2)
        #expect(note.signatures.first?.bytes.count == Ed25519.signatureByteCount)
        #expect(try note.verify([verifier]) == [verifier])

        let checkpoint = try Checkpoint.parse(body: note.text)
        #expect(checkpoint.origin == "example.com/testdata")
        #expect(checkpoint.treeSize == UInt64(size))
        #expect(checkpoint.extensionLines == [])
        #expect(checkpoint.body == note.text)
        if size == 0 {
            #expect(checkpoint.rootHash == SHA256.hash([UInt8]()), "the empty tree's root is SHA-256 of nothing")
        }
        // The key is named `astra`, not after the origin, so `open` refuses it.
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try Checkpoint.open(note: text, verifier: verifier) }
                == .checkpointOriginMismatch)
    }

    @Test func latestCheckpointIsCheckpoint15() throws {
        #expect(try Self.note("checkpoint") == Self.note("checkpoint.15"))
    }

    @Test func rejectsAnEditedTreeSize() throws {
        // Line 2 of checkpoint.15 is `15`; `16` keeps the note well formed but breaks the signature.
        let edited = try Self.note("checkpoint.15").replacingOccurrences(of: "\n15\n", with: "\n16\n")
        let note = try SignedNote.parse(edited)
        #expect(try Checkpoint.parse(body: note.text).treeSize == 16)
        let verifier = try Self.verifier()
        #expect(NoteFixtures.code { () throws(LedgerError) in try note.verify([verifier]) } == .noteSignatureInvalid)
    }

    @Test func ignoresTheSignatureUnderAnotherKeyNamedAstra() throws {
        let other = try NoteFixtures.verifier(for: NoteFixtures.signer("astra"))
        let note = try SignedNote.parse(Self.note("checkpoint.3"))
        #expect(NoteFixtures.code { () throws(LedgerError) in try note.verify([other]) } == .noteUnverified)
        #expect(try note.verify([other, Self.verifier()]) == [Self.verifier()])
    }
}
