import Cryptography
import Foundation
import JSON
import Ledger
import TestSupport
import Testing

/// `maestro ledger` as compliance staff use it: outputs that verify on their own, and a verify
/// that exits 1 and says what is wrong when the directory was tampered with.
struct LedgerCommandTests {
    static func entries(_ range: Range<Int>) -> [UInt8] {
        Array(range.map { #"{"n":\#($0)}"# + "\n" }.joined().utf8)
    }

    static func appended(_ count: Int) async throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let result = try await MaestroBinary.run(
            ["ledger", "append", "--data", directory.path("d"), "--file", "-"], stdin: entries(0..<count))
        #expect(result.status == 0, "\(result.stderr)")
        return directory
    }

    @Test func appendAcknowledgesEachLineInOrderWithItsExactBytes() async throws {
        let directory = try TemporaryDirectory()
        let input = Array("{\"a\":1}\r\n\n{\"b\":2}".utf8)  // a CR is part of the entry; empty lines are entries
        let result = try await MaestroBinary.run(
            ["ledger", "append", "--data", directory.path("d"), "--file", "-"], stdin: input)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { try? JSONValue.parse(Array($0.utf8)) }
        #expect(lines.count == 3)
        #expect(lines.map { $0?["index"]?.int64Value } == [0, 1, 2])
        #expect(lines[0]?["leafHash"] == .string(TreeHasher.leafHash(of: Array("{\"a\":1}\r".utf8)).hex))
        #expect(lines[1]?["leafHash"] == .string(TreeHasher.leafHash(of: [UInt8]()).hex))
        #expect(lines[2]?["leafHash"] == .string(TreeHasher.leafHash(of: Array("{\"b\":2}".utf8)).hex))
    }

    @Test func appendReportsARefusedLineInPlaceAndExitsOne() async throws {
        let directory = try TemporaryDirectory()
        let input = Array(("{}\n" + String(repeating: "x", count: 70_000) + "\n{}\n").utf8)
        let result = try await MaestroBinary.run(
            ["ledger", "append", "--data", directory.path("d"), "--file", "-"], stdin: input)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix(#"{"index":0,"#))
        #expect(lines[1].contains(#""code":"ledger.entry_too_large""#) && lines[1].contains(#""line":2"#))
        #expect(lines[2].hasPrefix(#"{"index":1,"#))
    }

    @Test func proofsPrintedVerifyAgainstThePrintedCheckpoint() async throws {
        let directory = try await Self.appended(300)
        let data = directory.path("d")
        let vkey = try #require(try? String(contentsOfFile: data + "/keys/ledger.vkey", encoding: .utf8))
        let verifier = try NoteVerifier(verifierKey: vkey.trimmingCharacters(in: .newlines))
        #expect(try await MaestroBinary.run(["ledger", "key", "--data", data]).stdout == vkey)

        let prove = try await MaestroBinary.run(["ledger", "prove", "--data", data, "--index", "257"])
        #expect(prove.status == 0)
        let output = try JSONValue.parse(Array(prove.stdout.utf8))
        let checkpoint = try Checkpoint.open(note: try #require(output["checkpoint"]?.stringValue), verifier: verifier)
        #expect(checkpoint.treeSize == 300 && output["treeSize"]?.int64Value == 300)
        let path = try #require(output["inclusion"]?.arrayValue).map { try Hex.decode($0.stringValue ?? "") }
        try InclusionProof.verify(
            leafIndex: 257, treeSize: 300, leafHash: try Hex.decode(output["leafHash"]?.stringValue ?? ""), path: path,
            rootHash: checkpoint.rootHash.bytes)
        #expect(output["leafHash"]?.stringValue == TreeHasher.leafHash(of: Array(#"{"n":257}"#.utf8)).hex)

        let older = try await MaestroBinary.run(["ledger", "prove", "--data", data, "--index", "3", "--size", "10"])
        #expect(try JSONValue.parse(Array(older.stdout.utf8))["checkpoint"] == .null)

        let consistency = try await MaestroBinary.run(["ledger", "consistency", "--data", data, "--old-size", "100"])
        let proof = try JSONValue.parse(Array(consistency.stdout.utf8))
        try ConsistencyProof.verify(
            oldSize: 100, treeSize: 300, oldRoot: try Hex.decode(proof["oldRootHash"]?.stringValue ?? ""),
            rootHash: checkpoint.rootHash.bytes,
            path: try #require(proof["consistency"]?.arrayValue).map { try Hex.decode($0.stringValue ?? "") })

        let tlog = try await MaestroBinary.run(["ledger", "prove", "--data", data, "--index", "5", "--tlog-proof"])
        let parsed = try TLogProof.parse(tlog.stdout)
        #expect(parsed.leafIndex == 5)
        #expect(try Checkpoint.open(note: parsed.checkpointNote, verifier: verifier) == checkpoint)
    }

    @Test func verifyPassesThenFailsOnEachKindOfTampering() async throws {
        let directory = try await Self.appended(600)
        let data = directory.path("d")
        let old = try directory.write(
            "old.checkpoint", try String(contentsOfFile: data + "/ledger/checkpoint", encoding: .utf8))
        _ = try await MaestroBinary.run(
            ["ledger", "append", "--data", data, "--file", "-"], stdin: Self.entries(600..<610))
        let good = try await MaestroBinary.run(["ledger", "verify", "--data", data, "--since", old])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains(#""treeSize":610"#) && good.stdout.contains(#""since":{"#))

        // An entry changed in its bundle.
        let bundle = data + "/ledger/tile/entries/000"
        let original = try Data(contentsOf: URL(fileURLWithPath: bundle))
        var changed = original
        changed[5] ^= 1  // inside entry 0, framing intact
        try changed.write(to: URL(fileURLWithPath: bundle))
        let entry = try await MaestroBinary.run(["ledger", "verify", "--data", data])
        #expect(entry.status == 1)
        #expect(entry.stderr.contains("ledger.corrupt") && entry.stderr.contains("tile/0/000"))
        try original.write(to: URL(fileURLWithPath: bundle))

        // A checkpoint whose signature no longer verifies.
        let checkpointPath = data + "/ledger/checkpoint"
        let note = try String(contentsOfFile: checkpointPath, encoding: .utf8)
        try note.replacingOccurrences(of: "\n610\n", with: "\n609\n").write(
            toFile: checkpointPath, atomically: true, encoding: .utf8)
        let signature = try await MaestroBinary.run(["ledger", "verify", "--data", data])
        #expect(signature.status == 1 && signature.stderr.contains("ledger.note_signature_invalid"))
        try note.write(toFile: checkpointPath, atomically: true, encoding: .utf8)

        // An older checkpoint from another history.
        let other = try await Self.appended(5)
        let foreign = try directory.write(
            "foreign.checkpoint", try String(contentsOfFile: other.path("d/ledger/checkpoint"), encoding: .utf8))
        let since = try await MaestroBinary.run(["ledger", "verify", "--data", data, "--since", foreign])
        #expect(since.status == 1)
        #expect(try await MaestroBinary.run(["ledger", "verify", "--data", data]).status == 0)
    }

    @Test func appendRefusesALedgerAnotherProcessIsWriting() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path("d")
        let ledger = try FileLedger(configuration: LedgerConfiguration(dataDirectory: data))
        let result = try await MaestroBinary.run(
            ["ledger", "append", "--data", data, "--file", "-"], stdin: Self.entries(0..<1))
        #expect(result.status == 1)
        #expect(result.stderr.contains("ledger.locked"))
        ledger.close()
        // Readers need no lock.
        #expect(try await MaestroBinary.run(["ledger", "checkpoint", "--data", data]).status == 0)
    }

    @Test func usageErrorsExitTwo() async throws {
        #expect(try await MaestroBinary.run(["ledger", "prove", "--index", "x"]).status == 2)
        #expect(try await MaestroBinary.run(["ledger", "verify", "--ledger", "/tmp"]).status == 2)
        #expect(try await MaestroBinary.run(["ledger", "frobnicate"]).status == 2)
    }
}
