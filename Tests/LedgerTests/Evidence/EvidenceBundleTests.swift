import Cryptography
import Foundation
import JSON
import TestSupport
import Testing

@testable import Ledger

/// Evidence bundles: exported from a real ledger, written and read back, verified, and refused —
/// with the code of the check that failed — once anything in them is changed.
struct EvidenceBundleTests {
    /// Canonical JSON entries, one with non-ASCII text, an escape and nesting.
    static let entries = [
        #"{"n":0}"#, #"{"event":"published","version":2,"workflow":"w1"}"#, #"{"n":2}"#,
        #"{"a":[1,true,null,-0.5],"b":"é — \n"}"#, #"{"n":4}"#, #""just a string""#,
    ]

    /// A ledger holding `entries`, open; the caller closes it.
    static func ledger(_ directory: TemporaryDirectory, _ entries: [String] = entries) async throws -> FileLedger {
        let ledger = try FileLedger(configuration: LedgerConfiguration(dataDirectory: directory.path("data")))
        for entry in entries { _ = try await ledger.append(Array(entry.utf8)) }
        return ledger
    }

    /// The bundles of every entry of a ledger of `entries`, and the ledger's key.
    static func bundles() async throws -> (bundles: [EvidenceBundle], verifier: NoteVerifier) {
        let directory = try TemporaryDirectory()
        let ledger = try await ledger(directory)
        defer { ledger.close() }
        let bundles = try (0..<UInt64(entries.count)).map { index throws(LedgerError) in
            try EvidenceBundle.export(from: ledger, leafIndex: index)
        }
        return (bundles, ledger.verifier)
    }

    @Test func exportsEveryEntryFromTheDirectoryAndTheLedgerAlike() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.ledger(directory)
        defer { ledger.close() }
        let reader = try TiledLogReader(directory: directory.path("data/ledger"), verifier: ledger.verifier)
        for (index, entry) in Self.entries.enumerated() {
            let bundle = try EvidenceBundle.export(from: reader, leafIndex: UInt64(index), verifier: ledger.verifier)
            #expect(try EvidenceBundle.export(from: ledger, leafIndex: UInt64(index)) == bundle)
            #expect(bundle.entry.encoded(.canonical) == Array(entry.utf8))
            #expect(bundle.verifierKey == ledger.verifier.verifierKey)
            let verified = try bundle.verify(trusting: ledger.verifier)
            #expect(verified.leafIndex == UInt64(index))
            #expect(verified.treeSize == UInt64(Self.entries.count))
            #expect(verified.leafHash == TreeHasher.leafHash(of: Array(entry.utf8)))
            #expect(verified.checkpoint == ledger.checkpoint.checkpoint)
        }
    }

    @Test func writesTheDocumentedObjectAndReadsItBack() async throws {
        let (bundles, verifier) = try await Self.bundles()
        let bundle = bundles[2]
        let proof = JSONValue.string(bundle.proof.text).encodedString(.canonical)
        let expected =
            #"{"entry":{"n":2},"format":"maestro-evidence/v1","proof":\#(proof),"vkey":"\#(verifier.verifierKey)"}"#
            + "\n"
        #expect(String(decoding: bundle.bytes, as: UTF8.self) == expected)
        for bundle in bundles {
            #expect(try EvidenceBundle.parse(bundle.bytes) == bundle)
        }
    }

    @Test func readsAnyJSONLayoutSinceTheEntryIsReencoded() async throws {
        let (bundles, verifier) = try await Self.bundles()
        let object = try JSONValue.parse(bundles[3].bytes)
        let pretty = try EvidenceBundle.parse(object.encoded(.pretty))
        #expect(try pretty.verify(trusting: verifier).leafIndex == 3)
    }

    /// One change an attacker or an accident might make, and the code that catches it.
    enum Tamper: String, CaseIterable, Sendable {
        case entryValueChanged, entryMemberAdded, pathHashChanged, pathHashDropped, pathHashAdded
        case leafIndexChanged, leafIndexBeyondTree, checkpointSignatureChanged, checkpointRootChanged
        case checkpointSignatureRemoved, trustedKeyOfAnotherLog, bundleNamesAnotherKey

        var code: LedgerError.Code {
            switch self {
            case .entryValueChanged, .entryMemberAdded, .pathHashChanged, .pathHashDropped, .pathHashAdded,
                .leafIndexChanged:
                return .proofInvalid
            case .leafIndexBeyondTree: return .leafIndexOutOfRange
            case .checkpointSignatureChanged, .checkpointRootChanged: return .noteSignatureInvalid
            case .checkpointSignatureRemoved: return .noteMalformed
            case .trustedKeyOfAnotherLog: return .noteUnverified
            case .bundleNamesAnotherKey: return .evidenceKeyMismatch
            }
        }

        /// Applies the change to `bundle`, and perhaps to the key the verifier trusts.
        func apply(to bundle: inout EvidenceBundle, trusting verifier: inout NoteVerifier) throws {
            let other = try NoteFixtures.verifier(for: NoteFixtures.signer("maestro.local/ledger", seed: 9))
            switch self {
            case .entryValueChanged: bundle.entry = ["n": 3]
            case .entryMemberAdded: bundle.entry = ["n": 2, "note": "added"]
            case .pathHashChanged: bundle.proof.inclusionPath[1] = SHA256.hash([1])
            case .pathHashDropped: bundle.proof.inclusionPath.removeLast()
            case .pathHashAdded: bundle.proof.inclusionPath.append(SHA256.hash([1]))
            case .leafIndexChanged: bundle.proof.leafIndex = 3
            case .leafIndexBeyondTree: bundle.proof.leafIndex = 6
            case .checkpointSignatureChanged:
                // A base64 character well inside the signature (past the key ID, before the padding).
                let note = bundle.proof.checkpointNote
                let offset = note.utf8.count - 20
                bundle.proof.checkpointNote = NoteFixtures.replacingByte(
                    in: note, at: offset, with: Array(note.utf8)[offset] == UInt8(ascii: "A") ? 66 : 65)
            case .checkpointRootChanged:
                let root = Base64.encode(SHA256.hash([1]).bytes)
                let lines = bundle.proof.checkpointNote.split(separator: "\n", omittingEmptySubsequences: false)
                bundle.proof.checkpointNote = ([lines[0], lines[1], Substring(root)] + lines[3...]).joined(
                    separator: "\n")
            case .checkpointSignatureRemoved:
                bundle.proof.checkpointNote = String(bundle.proof.checkpointNote.prefix { $0 != "\u{2014}" })
            case .trustedKeyOfAnotherLog: verifier = other
            case .bundleNamesAnotherKey: bundle.verifierKey = other.verifierKey
            }
        }
    }

    @Test(arguments: Tamper.allCases)
    func refusesATamperedBundleWithTheCodeOfTheFailedCheck(_ tamper: Tamper) async throws {
        let (bundles, trusted) = try await Self.bundles()
        var bundle = bundles[2]
        var verifier = trusted
        try tamper.apply(to: &bundle, trusting: &verifier)
        #expect(bundle != bundles[2] || verifier != trusted)
        let trustedKey = verifier
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try bundle.verify(trusting: trustedKey) } == tamper.code)
        // The same verdict once the bundle has been through its file form (where it still parses).
        if let reread = try? EvidenceBundle.parse(bundle.bytes) {
            #expect(
                NoteFixtures.code { () throws(LedgerError) in try reread.verify(trusting: trustedKey) } == tamper.code)
        }
    }

    @Test(arguments: [
        #"{"b":1,"a":2}"#, #"{"a": 1}"#, #"{"a":1.0}"#, #"{"a":1e2}"#, #""\u00e9""#, #"{"a":"\/"}"#, "not json", "",
        #"{"a":1} "#,
    ])
    func refusesToExportAnEntryThatIsNotCanonicalJSON(_ entry: String) async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.ledger(directory, [#"{"n":0}"#, entry])
        defer { ledger.close() }
        let reader = try TiledLogReader(directory: directory.path("data/ledger"), verifier: ledger.verifier)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in
                try EvidenceBundle.export(from: reader, leafIndex: 1, verifier: ledger.verifier)
            } == .evidenceEntryNotCanonical)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try EvidenceBundle.export(from: ledger, leafIndex: 1) }
                == .evidenceEntryNotCanonical)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try EvidenceBundle.export(from: ledger, leafIndex: 2) }
                == .leafIndexOutOfRange)
        #expect(try EvidenceBundle.export(from: ledger, leafIndex: 0).entry == ["n": 0])
    }

    @Test func refusesToExportWithAKeyThatDidNotSignTheCheckpoint() async throws {
        let directory = try TemporaryDirectory()
        let ledger = try await Self.ledger(directory)
        defer { ledger.close() }
        let reader = try TiledLogReader(directory: directory.path("data/ledger"), verifier: ledger.verifier)
        let other = try NoteFixtures.verifier(for: NoteFixtures.signer("maestro.local/ledger", seed: 9))
        #expect(
            NoteFixtures.code { () throws(LedgerError) in
                try EvidenceBundle.export(from: reader, leafIndex: 0, verifier: other)
            } == .noteUnverified)
    }

    /// A bundle file's text with its members replaced (`nil` removes one).
    static func file(_ bundle: EvidenceBundle, _ changes: [String: JSONValue?]) -> [UInt8] {
        var members = try! JSONValue.parse(bundle.bytes).objectValue!
        for (name, value) in changes { members[name] = value }
        return JSONValue.object(members).encoded(.canonical)
    }

    @Test func refusesAMalformedBundleWithItsCode() async throws {
        let bundle = try await Self.bundles().bundles[0]
        let text = String(decoding: bundle.bytes, as: UTF8.self)
        let cases: [(String, [UInt8], LedgerError.Code)] = [
            ("empty", [], .evidenceMalformed),
            ("not JSON", Array("maestro-evidence/v1".utf8), .evidenceMalformed),
            ("trailing content", Array((text + "{}").utf8), .evidenceMalformed),
            ("an array", Array("[\(text)]".utf8), .evidenceMalformed),
            (
                "duplicate member",
                Array(text.replacingOccurrences(of: "{\"entry\"", with: "{\"vkey\":1,\"entry\"").utf8),
                .evidenceMalformed
            ),
            ("no format", Self.file(bundle, ["format": nil]), .evidenceMalformed),
            ("format v2", Self.file(bundle, ["format": "maestro-evidence/v2"]), .evidenceFormatUnsupported),
            ("format a number", Self.file(bundle, ["format": 1]), .evidenceFormatUnsupported),
            ("unknown member", Self.file(bundle, ["leafIndex": 0]), .evidenceMalformed),
            ("no entry", Self.file(bundle, ["entry": nil]), .evidenceMalformed),
            ("no proof", Self.file(bundle, ["proof": nil]), .evidenceMalformed),
            ("no vkey", Self.file(bundle, ["vkey": nil]), .evidenceMalformed),
            ("proof not a string", Self.file(bundle, ["proof": ["index": 0]]), .evidenceMalformed),
            ("vkey not a string", Self.file(bundle, ["vkey": JSONValue.null]), .evidenceMalformed),
            (
                "proof of another version", Self.file(bundle, ["proof": .string("c2sp.org/tlog-proof@v2\n")]),
                .tlogProofMalformed
            ),
            ("vkey without its key", Self.file(bundle, ["vkey": "maestro.local/ledger+65118417"]), .vkeyMalformed),
            (
                "over 1 MiB", Self.file(bundle, ["entry": .string(String(repeating: "x", count: 1 << 20))]),
                .evidenceTooLarge
            ),
        ]
        for (name, bytes, code) in cases {
            #expect(NoteFixtures.code { () throws(LedgerError) in try EvidenceBundle.parse(bytes) } == code, "\(name)")
        }
        // Nesting: an entry as deep as an exportable one still reads; one level more does not.
        let deep = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        let deeper = "[" + deep + "]"
        #expect(try EvidenceBundle.parse(Self.file(bundle, ["entry": JSONValue.parse(deep)])).entry != .null)
        let tooDeep = Array(text.replacingOccurrences(of: #"{"n":0}"#, with: deeper).utf8)
        #expect(NoteFixtures.code { () throws(LedgerError) in try EvidenceBundle.parse(tooDeep) } == .evidenceMalformed)
    }
}
