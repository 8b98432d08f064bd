import Cryptography
import Testing

@testable import Ledger

/// The c2sp.org/tlog-proof@v1 text format: writing, reading back, and strict parsing.
struct TLogProofTests {
    static let signer = try! NoteFixtures.signer("example.com/log42")
    static let checkpointNote = try! NoteFixtures.checkpoint(origin: "example.com/log42", treeSize: 6).signed(
        by: signer)
    static let path = (0..<3).map { SHA256.hash([UInt8($0)]) }
    static let hashLines = path.map { Base64.encode($0.bytes) + "\n" }.joined()

    @Test func writesTheFormat() {
        let proof = TLogProof(
            extra: Array("v1.2.1".utf8), leafIndex: 4, inclusionPath: Self.path, checkpointNote: Self.checkpointNote)
        let expected = "c2sp.org/tlog-proof@v1\nextra djEuMi4x\nindex 4\n" + Self.hashLines + "\n" + Self.checkpointNote
        #expect(proof.text == expected)
    }

    @Test(arguments: [nil, [], Array("opaque \u{0} bytes".utf8), [UInt8](repeating: 1, count: 1 << 16)] as [[UInt8]?])
    func roundTrips(extra: [UInt8]?) throws {
        let proof = TLogProof(extra: extra, leafIndex: 5, inclusionPath: Self.path, checkpointNote: Self.checkpointNote)
        let parsed = try TLogProof.parse(proof.text)
        #expect(parsed == proof)
        #expect(parsed.extra == extra)
        #expect(
            try Checkpoint.open(note: parsed.checkpointNote, verifier: NoteFixtures.verifier(for: Self.signer)).treeSize
                == 6)
    }

    @Test(arguments: [0, 1, 64])
    func roundTripsAPathOfLength(_ count: Int) throws {
        let path = (0..<count).map { SHA256.hash([UInt8($0)]) }
        let proof = TLogProof(leafIndex: UInt64.max, inclusionPath: path, checkpointNote: Self.checkpointNote)
        #expect(try TLogProof.parse(proof.text) == proof)
        #expect(proof.text.hasPrefix("c2sp.org/tlog-proof@v1\nindex 18446744073709551615\n"))
    }

    static let header = "c2sp.org/tlog-proof@v1\n"
    static let index = "index 4\n"
    static let oneHash: String = String(hashLines.prefix(45))
    static let hash31: String = Base64.encode([UInt8](repeating: 1, count: 31))
    static let hash33: String = Base64.encode([UInt8](repeating: 1, count: 33))
    static let bigExtra: String = Base64.encode([UInt8](repeating: 1, count: 65537))

    /// `lines`, then a blank line and the checkpoint note.
    static func proof(_ lines: String) -> String { lines + "\n" + checkpointNote }

    static let malformed: [(String, String)] = [
        ("empty", ""),
        ("missing header", proof(index + hashLines)),
        ("wrong version", proof("c2sp.org/tlog-proof@v2\n" + index + hashLines)),
        ("header with a trailing space", proof("c2sp.org/tlog-proof@v1 \n" + index)),
        ("header only", header),
        ("missing index", proof(header + hashLines)),
        ("extra but no index", header + "extra AAAA\n"),
        ("index after the hashes", proof(header + hashLines + index)),
        ("extra after index", proof(header + index + "extra AAAA\n")),
        ("index with a leading zero", proof(header + "index 04\n")),
        ("negative index", proof(header + "index -4\n")),
        ("index without a number", proof(header + "index \n")),
        ("index without a space", proof(header + "index4\n")),
        ("index with two spaces", proof(header + "index  4\n")),
        ("capitalised index", proof(header + "Index 4\n")),
        ("index over 64 bits", proof(header + "index 18446744073709551616\n")),
        ("carriage returns", proof("c2sp.org/tlog-proof@v1\r\nindex 4\r\n\r")),
        ("extra not base64", proof(header + "extra !!!!\n" + index)),
        ("extra not canonical", proof(header + "extra AB==\n" + index)),
        ("extra over 64 KiB", proof(header + "extra " + bigExtra + "\n" + index)),
        ("hash not base64", proof(header + index + String(repeating: "!", count: 44) + "\n")),
        ("hash of 31 bytes", proof(header + index + hash31 + "\n")),
        ("hash of 33 bytes", proof(header + index + hash33 + "\n")),
        ("hash with a space", proof(header + index + " " + hashLines)),
        ("65 hashes", proof(header + index + String(repeating: oneHash, count: 65))),
        ("no blank line", header + index + hashLines),
        ("over the size limit", proof(header + index) + String(repeating: "x", count: 1 << 21)),
    ]

    @Test(arguments: malformed)
    func rejectsAMalformedProof(_ name: String, _ text: String) {
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try TLogProof.parse(text) } == .tlogProofMalformed, "\(name)")
    }

    @Test func rejectsAProofWhoseCheckpointIsMalformed() {
        let header = "c2sp.org/tlog-proof@v1\nindex 4\n" + Self.hashLines + "\n"
        let unsigned = NoteFixtures.checkpoint().body
        #expect(NoteFixtures.code { () throws(LedgerError) in try TLogProof.parse(header) } == .noteMalformed)
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try TLogProof.parse(header + unsigned) } == .noteMalformed)
        let notACheckpoint = try! Self.signer.sign("just text\n")
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try TLogProof.parse(header + notACheckpoint) }
                == .checkpointMalformed)
        // Two blank lines: the second starts the note, whose text then has an empty first line.
        #expect(
            NoteFixtures.code { () throws(LedgerError) in try TLogProof.parse(header + "\n" + Self.checkpointNote) }
                == .checkpointMalformed)
    }
}
