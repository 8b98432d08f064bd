import Foundation
import JSON
import Ledger
import TestSupport
import Testing

/// `maestro evidence` as auditors use it: a bundle exported from a ledger verifies offline — with
/// `maestro evidence verify` and with the stand-alone Python script — and a changed bundle or the
/// key of another ledger fails with exit 1 and the code of the check that failed.
struct EvidenceCommandTests {
    /// Canonical JSON entries, as the product appends them.
    static let entries = [
        #"{"event":"published","version":1,"workflow":"w1"}"#, #"{"n":1}"#,
        #"{"event":"executed","run":"r-7","step":"approve","text":"é — ok\n"}"#, #"{"n":3}"#, #"{"n":4}"#,
    ]

    /// A data directory (`d`) whose ledger holds `entries`.
    static func ledger(_ entries: [String] = entries) async throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let result = try await MaestroBinary.run(
            ["ledger", "append", "--data", directory.path("d"), "--file", "-"],
            stdin: Array(entries.map { $0 + "\n" }.joined().utf8))
        #expect(result.status == 0, "\(result.stderr)")
        return directory
    }

    /// Exports entry `index` of the ledger in `directory` to `name` in it and returns the file's path.
    static func export(_ directory: TemporaryDirectory, index: Int, to name: String) async throws -> String {
        let result = try await MaestroBinary.run([
            "evidence", "export", "--data", directory.path("d"), "--index", "\(index)",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return try directory.write(name, result.stdout)
    }

    /// `path`'s bundle with the entry's `n` member set to 99.
    static func tampered(_ path: String, in directory: TemporaryDirectory) throws -> String {
        let bundle = try JSONValue.parse(Array(try String(contentsOfFile: path, encoding: .utf8).utf8))
        var members = try #require(bundle.objectValue)
        members["entry"] = ["n": 99]
        return try directory.write("tampered.json", JSONValue.object(members).encodedString(.canonical))
    }

    @Test func exportedBundleVerifiesWithTheLedgersKey() async throws {
        let directory = try await Self.ledger()
        let bundle = try await Self.export(directory, index: 2, to: "bundle.json")
        #expect(try String(contentsOfFile: bundle, encoding: .utf8).hasPrefix(#"{"entry":{"event":"executed","#))

        let result = try await MaestroBinary.run(
            ["evidence", "verify", bundle, "--vkey", directory.path("d/keys/ledger.vkey")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let summary = try JSONValue.parse(Array(result.stdout.utf8))
        #expect(summary["verified"] == true)
        #expect(summary["leafIndex"] == 2 && summary["treeSize"] == 5)
        #expect(summary["origin"] == "maestro.local/ledger" && summary["trusted"] == "vkey")
        #expect(summary["entry"]?.encoded(.canonical) == Array(Self.entries[2].utf8))
        #expect(summary["leafHash"] == .string(TreeHasher.leafHash(of: Array(Self.entries[2].utf8)).hex))
    }

    @Test func withoutAKeyItTrustsTheBundlesOwnAndSaysSo() async throws {
        let directory = try await Self.ledger()
        let bundle = try await Self.export(directory, index: 0, to: "bundle.json")
        let result = try await MaestroBinary.run(["evidence", "verify", bundle])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("trusting the bundle's own key"))
        #expect(result.stderr.contains("pass --vkey to check it against a key you trust"))
        #expect(try JSONValue.parse(Array(result.stdout.utf8))["trusted"] == "bundle")
    }

    @Test func exportWritesTheFileNamedByOut() async throws {
        let directory = try await Self.ledger()
        let path = directory.path("out.json")
        let result = try await MaestroBinary.run(
            ["evidence", "export", "--data", directory.path("d"), "--index", "4", "--out", path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue.parse(Array(result.stdout.utf8))
        #expect(summary["file"] == .string(path) && summary["leafIndex"] == 4 && summary["treeSize"] == 5)
        // A copy of the ledger directory and its key are enough to export too.
        let copy = try await MaestroBinary.run([
            "evidence", "export", "--ledger", directory.path("d/ledger"), "--vkey",
            directory.path("d/keys/ledger.vkey"),
            "--index", "4",
        ])
        #expect(copy.stdout == (try String(contentsOfFile: path, encoding: .utf8)))
        #expect(try await MaestroBinary.run(["evidence", "verify", path]).status == 0)
    }

    @Test func tamperedBundleFailsWithTheCodeOfTheFailedCheck() async throws {
        let directory = try await Self.ledger()
        let bundle = try await Self.export(directory, index: 3, to: "bundle.json")
        let tampered = try Self.tampered(bundle, in: directory)
        let result = try await MaestroBinary.run(
            ["evidence", "verify", tampered, "--vkey", directory.path("d/keys/ledger.vkey")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ledger.proof_invalid"), "\(result.stderr)")
        #expect(result.stderr.contains("tampered.json"))
        #expect(result.stdout.isEmpty)

        try directory.write("garbage.json", "{\"format\":\"maestro-evidence/v1\"}")
        let garbage = try await MaestroBinary.run(["evidence", "verify", directory.path("garbage.json")])
        #expect(garbage.status == 1)
        #expect(garbage.stderr.contains("ledger.evidence_malformed"), "\(garbage.stderr)")
    }

    @Test func keyOfAnotherLedgerFails() async throws {
        let directory = try await Self.ledger()
        let other = try await Self.ledger()
        let bundle = try await Self.export(directory, index: 1, to: "bundle.json")
        let result = try await MaestroBinary.run(
            ["evidence", "verify", bundle, "--vkey", other.path("d/keys/ledger.vkey")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ledger.note_unverified"), "\(result.stderr)")
    }

    @Test func entryThatIsNotCanonicalJSONIsNotExported() async throws {
        let directory = try await Self.ledger([#"{"b":1,"a":2}"#])
        let result = try await MaestroBinary.run(["evidence", "export", "--data", directory.path("d"), "--index", "0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ledger.evidence_entry_not_canonical"), "\(result.stderr)")
        let missing = try await MaestroBinary.run(["evidence", "export", "--data", directory.path("d"), "--index", "1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("ledger.leaf_index_out_of_range"), "\(missing.stderr)")
    }

    @Test(arguments: [
        ["evidence", "verify"], ["evidence", "verify", "a.json", "b.json"], ["evidence", "verify", "--out", "x"],
        ["evidence", "export"], ["evidence", "export", "--index", "x"], ["evidence", "export", "--index", "-1"],
        ["evidence", "export", "--ledger", "somewhere", "--index", "0"], ["evidence", "frobnicate"],
    ])
    func badUsageExitsTwo(_ arguments: [String]) async throws {
        let result = try await MaestroBinary.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("USAGE: maestro evidence"))
    }

    // MARK: The outside verifier

    /// `name`'s absolute path on `$PATH`, if it is there.
    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static let python = onPath("python3")
    static let hasOutsideTools = python != nil && onPath("openssl") != nil

    /// How a run of the script ended.
    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `python3 scripts/verify-evidence.py arguments…`, off the concurrency pool.
    static func verifyOutside(_ arguments: [String]) async throws -> Outcome {
        let script = Vectors.packageRoot.appendingPathComponent("scripts/verify-evidence.py").path
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let child = try ChildProcess(
                            executable: python!, arguments: [script] + arguments,
                            environment: ProcessInfo.processInfo.environment)
                        child.closeStdin()
                        // The script writes a line or two, far below a pipe's capacity.
                        let stdout = ChildProcess.readAll(child.stdoutFD)
                        let stderr = ChildProcess.readAll(child.stderrFD)
                        return Outcome(
                            status: child.wait(), stdout: String(decoding: stdout, as: UTF8.self),
                            stderr: String(decoding: stderr, as: UTF8.self))
                    })
            }
        }
    }

    @Test func docsPrintTheScriptVerbatim() throws {
        let root = Vectors.packageRoot
        let script = try String(contentsOf: root.appendingPathComponent("scripts/verify-evidence.py"), encoding: .utf8)
        let docs = try String(contentsOf: root.appendingPathComponent("docs/evidence.md"), encoding: .utf8)
        #expect(
            docs.contains("```python\n" + script + "```\n"), "paste scripts/verify-evidence.py into docs/evidence.md")
    }

    @Test(.enabled(if: hasOutsideTools, "python3 or openssl is not on PATH; the outside-verifier test is skipped"))
    func pythonScriptWithoutMaestroAgrees() async throws {
        let directory = try await Self.ledger()
        let vkey = directory.path("d/keys/ledger.vkey")
        for index in 0..<Self.entries.count {
            let bundle = try await Self.export(directory, index: index, to: "bundle-\(index).json")
            let result = try await Self.verifyOutside([bundle, "--vkey", vkey])
            #expect(result.status == 0, "entry \(index): \(result.stderr)")
            #expect(result.stdout.hasPrefix("verified: entry \(index) "), "\(result.stdout)")
        }
        let ownKey = try await Self.verifyOutside([directory.path("bundle-0.json")])
        #expect(ownKey.status == 0 && ownKey.stderr.contains("trusting the bundle's own key"))

        let tampered = try Self.tampered(directory.path("bundle-3.json"), in: directory)
        let failed = try await Self.verifyOutside([tampered, "--vkey", vkey])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("FAILED: the inclusion path does not lead"), "\(failed.stderr)")
        let other = try await Self.ledger()
        let wrongKey = try await Self.verifyOutside(
            [directory.path("bundle-1.json"), "--vkey", other.path("d/keys/ledger.vkey")])
        #expect(wrongKey.status != 0)
        #expect(wrongKey.stderr.contains("no signature by the trusted key"), "\(wrongKey.stderr)")
    }
}
