import Cryptography
import Foundation
import TestSupport
import Testing

@testable import Ledger

/// Sunlight's skylight witness and mirror checkpoints: their bodies parse, and their signatures —
/// an RFC 6962 tree head signature (type 0x05) and Ed25519 tlog-cosignatures (type 0x04) — are by
/// keys a plain note verifier does not know, so they are ignored.
@Suite(.enabled(if: Vectors.shouldRun("ledger"), Comment(rawValue: Vectors.skipMessage("ledger"))))
struct SunlightCheckpointTests {
    /// One checkpoint file and what it must hold.
    struct Case: Sendable, CustomTestStringConvertible {
        var folder: String
        var metadata: String
        var origin: String
        var rootHash: String
        /// (key name, key ID) of every signature line, in order.
        var signers: [(String, UInt32)]
        /// The cosigner whose vkey `metadata` lists.
        var cosigner: String

        var testDescription: String { folder }
        /// The checkpoint's path: the folder, the SHA-256 of the origin in hex, `checkpoint`.
        var path: String { "ledger/sunlight-skylight/\(folder)/\(SHA256.hash(Array(origin.utf8)).hex)/checkpoint" }
    }

    static let logRoot = "lCkHUpkmVBEms2r2T1K6Og69+wUuuN3MIEW1/ezu2v0="
    static let cases = [
        Case(
            folder: "witness", metadata: "witness/witness.v0.json", origin: "rome2026h1.example.org",
            rootHash: logRoot,
            signers: [("rome2026h1.example.org", 0x9150_7526), ("witness.example.org", 0xb8a2_cf20)],
            cosigner: "witness.example.org"),
        Case(
            folder: "witness/mirror", metadata: "witness/mirror/mirror.v0.json", origin: "rome2026h1.example.org",
            rootHash: "gw31yQrqZZCcEOPrzX+bpy3nJ6QgngTKn8G1m0i62uU=",
            signers: [("mirror.example.org", 0x3fb1_48ef)], cosigner: "mirror.example.org"),
        Case(
            folder: "witness2", metadata: "witness2/witness.v0.json", origin: "milan2026h1.example.org",
            rootHash: logRoot, signers: [("witness2.example.org", 0x2e55_b896)], cosigner: "witness2.example.org"),
    ]

    static func cosignerKey(_ test: Case) throws -> String {
        let data = try Vectors.data("ledger/sunlight-skylight/\(test.metadata)")
        let metadata = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let keys = try #require(metadata["verifier_keys"] as? [String])
        #expect(keys.count == 1)
        return try #require(keys.first)
    }

    @Test(arguments: cases)
    func parsesTheNoteAndItsBody(_ test: Case) throws {
        let note = try SignedNote.parse(String(contentsOf: Vectors.url(test.path), encoding: .utf8))
        #expect(note.signatures.map(\.name) == test.signers.map(\.0))
        #expect(note.signatures.map(\.keyID) == test.signers.map(\.1))
        // A cosignature/v1 is an 8-byte timestamp and a 64-byte Ed25519 signature after the key ID.
        let cosignature = try #require(note.signatures.last)
        #expect(cosignature.bytes.count == 8 + Ed25519.signatureByteCount)

        let checkpoint = try Checkpoint.parse(body: note.text)
        #expect(checkpoint.origin == test.origin)
        #expect(checkpoint.treeSize == 300)
        #expect(Base64.encode(checkpoint.rootHash.bytes) == test.rootHash)
        #expect(checkpoint.extensionLines == [])
    }

    @Test(arguments: cases)
    func cosignerKeyIsNotAnEd25519NoteKey(_ test: Case) throws {
        let vkey = try Self.cosignerKey(test)
        #expect(vkey.hasPrefix("\(test.cosigner)+"))
        // The cosigner's key ID in the vkey is the one on its signature line.
        let keyID = try #require(test.signers.first { $0.0 == test.cosigner }?.1)
        #expect(vkey.split(separator: "+")[1] == NoteVerifier.hex(keyID))
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try NoteVerifier(verifierKey: vkey) } == .vkeyUnsupportedType)
    }

    @Test(arguments: cases)
    func findsNoKnownSignatureForAnUnrelatedKey(_ test: Case) throws {
        let text = try String(contentsOf: Vectors.url(test.path), encoding: .utf8)
        let note = try SignedNote.parse(text)
        for name in [test.origin, test.cosigner] {
            let unrelated = try NoteFixtures.verifier(for: NoteFixtures.signer(name))
            #expect(NoteFixtures.code { () throws(LedgerError) in try note.verify([unrelated]) } == .noteUnverified)
        }
        let log = try NoteFixtures.verifier(for: NoteFixtures.signer(test.origin))
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try Checkpoint.open(note: text, verifier: log) }
                == .noteUnverified)
    }
}
