import Cryptography
import Foundation
import TestSupport
import Testing

@testable import Ledger

/// One vector of `shared/vectors/ledger/note-vectors.json`.
struct NoteVector: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    var kind: String
    var vkeys: [String]
    var note: String?
    var expect: String
    var origin: String?
    var treeSize: UInt64?

    enum CodingKeys: String, CodingKey {
        case id, kind, vkeys, note, expect, origin
        case treeSize = "tree_size"
    }

    var testDescription: String { id }
}

/// The signed-note vectors from the C2SP spec, golang.org/x/mod's note tests and a real
/// sum.golang.org checkpoint, each run as its own case.
@Suite(.enabled(if: Vectors.shouldRun("ledger"), Comment(rawValue: Vectors.skipMessage("ledger"))))
struct NoteVectorTests {
    static let file = "ledger/note-vectors.json"

    static func load() throws -> [NoteVector] {
        struct File: Decodable { var vectors: [NoteVector] }
        return try JSONDecoder().decode(File.self, from: Vectors.data(file)).vectors
    }

    static let vectors: [NoteVector] = (try? load()) ?? []

    /// The key names whose signatures verify, in note order, for each valid vector.
    static let expectedSigners: [String: [String]] = [
        "c2sp-signed-note-example": ["example.com/foo"],
        "go-note-peter": ["PeterNeumann"],
        "go-note-peter-and-enoch": ["PeterNeumann", "EnochRoot"],
        "go-note-only-enoch-known": ["EnochRoot"],  // PeterNeumann's signature is by an unknown key
        "sumdb-real-checkpoint": ["sum.golang.org"],
    ]

    /// Why each invalid vector is refused.
    static let expectedCodes: [String: LedgerError.Code] = [
        "go-note-no-known-key": .noteUnverified,
        "go-note-corrupted-signature": .noteSignatureInvalid,  // 67 signature bytes after the splice
        "go-vkey-wrong-length-key": .vkeyMalformed,  // 37 key bytes, not 33
        "go-vkey-unknown-algorithm": .vkeyUnsupportedType,  // type byte 0x65
    ]

    @Test func coversEveryVectorInTheFile() throws {
        let vectors = try Self.load()
        #expect(vectors.count == 9)
        #expect(Set(vectors.map(\.id)).count == vectors.count, "ids are unique")
        #expect(Set(vectors.map(\.id)) == Set(Self.expectedSigners.keys).union(Self.expectedCodes.keys))
        for vector in vectors {
            #expect((vector.expect == "valid") == (Self.expectedSigners[vector.id] != nil), "\(vector.id)")
        }
    }

    @Test(arguments: vectors)
    func agreesWithTheVector(_ vector: NoteVector) throws {
        switch vector.expect {
        case "valid":
            let verifiers = try vector.vkeys.map { key throws(LedgerError) in try NoteVerifier(verifierKey: key) }
            let note = try SignedNote.parse(try #require(vector.note))
            #expect(try note.verify(verifiers).map(\.name) == Self.expectedSigners[vector.id])
            if vector.kind == "checkpoint" {
                let checkpoint = try Checkpoint.parse(body: note.text)
                #expect(checkpoint.origin == vector.origin)
                #expect(checkpoint.treeSize == vector.treeSize)
                #expect(checkpoint.body == note.text)
            }
        case "invalid":
            let verifiers = try vector.vkeys.map { key throws(LedgerError) in try NoteVerifier(verifierKey: key) }
            let note = try SignedNote.parse(try #require(vector.note))
            #expect(
                NoteFixtures.code { () throws(LedgerError) in try note.verify(verifiers) }
                    == Self.expectedCodes[vector.id])
        case "invalid-vkey":
            #expect(vector.vkeys.count == 1)
            for key in vector.vkeys {
                #expect(
                    NoteFixtures.code { () throws(LedgerError) in try NoteVerifier(verifierKey: key) }
                        == Self.expectedCodes[vector.id])
            }
        default:
            Issue.record("unknown expectation `\(vector.expect)` in \(vector.id)")
        }
    }

    /// The C2SP example key's ID is `SHA-256("example.com/foo" ‖ 0x0A ‖ 0x01 ‖ key)[:4]` = `530d903a`.
    @Test func computesTheKeyIDOfTheC2SPExample() throws {
        let vkey = try #require(Self.vectors.first { $0.id == "c2sp-signed-note-example" }?.vkeys.first)
        let verifier = try NoteVerifier(verifierKey: vkey)
        #expect(verifier.name == "example.com/foo")
        #expect(verifier.keyID == 0x530d_903a)
        #expect(verifier.verifierKey == vkey)
        // Recompute the ID here from the bytes, independently of the parser.
        let key = try Base64.decode(String(vkey.split(separator: "+")[2]))
        let digest = SHA256.hash(Array("example.com/foo".utf8) + [0x0A] + key)
        #expect(Hex.encode(digest.bytes.prefix(4)) == "530d903a")
        #expect(NoteVerifier.keyID(name: "example.com/foo", publicKey: verifier.publicKey) == 0x530d_903a)
        #expect(NoteVerifier.makeVerifierKey(name: "example.com/foo", publicKey: verifier.publicKey) == vkey)
    }

    /// sum.golang.org signs with key `sum.golang.org` for origin `go.sum database tree`: the note
    /// verifies, but ``Checkpoint/open(note:verifier:)`` wants the key named after the origin.
    @Test func sumDBCheckpointHasAKeyNotNamedAfterItsOrigin() throws {
        let vector = try #require(Self.vectors.first { $0.id == "sumdb-real-checkpoint" })
        let verifier = try NoteVerifier(verifierKey: vector.vkeys[0])
        let note = try #require(vector.note)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try Checkpoint.open(note: note, verifier: verifier) }
                == .checkpointOriginMismatch)
        let checkpoint = try Checkpoint.parse(body: SignedNote.parse(note).text)
        #expect(checkpoint.origin == "go.sum database tree")
        #expect(checkpoint.treeSize == 6_476_701)
        #expect(Base64.encode(checkpoint.rootHash.bytes) == "mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=")
    }

    /// A key that shares a name but not an ID with the signer is another key: its note is unverified.
    @Test func ignoresAKeyWithTheSameNameButAnotherID() throws {
        let vector = try #require(Self.vectors.first { $0.id == "go-note-peter" })
        let impostor = try NoteFixtures.verifier(for: NoteFixtures.signer("PeterNeumann"))
        #expect(impostor.keyID != 0xc74f_20a3)
        let note = try SignedNote.parse(try #require(vector.note))
        #expect(NoteFixtures.code { () throws(LedgerError) in try note.verify([impostor]) } == .noteUnverified)
    }
}
