import JSON
import Ledger

/// `maestro ledger verify`: the compliance check — recompute everything from the entries.
enum LedgerVerifyCommand {
    static let spec = CommandSpec(
        name: "verify", summary: "Recompute every tile and the root from the entries and check the checkpoint.",
        discussion: """
            Reads every entry bundle, hashes every leaf, recomputes every hash tile and compares it
            byte for byte, checks the root against the checkpoint and the checkpoint's signature.
            With --since, also proves the current tree extends that older checkpoint. Prints a JSON
            summary and exits 0, or says what failed and exits 1.
            """,
        options: LedgerLocation.options + [
            .value("since", "FILE", help: "An older signed checkpoint the ledger must extend.")
        ],
        action: { arguments, console in
            let location = try LedgerLocation(arguments)
            let verifier = try location.verifier()
            let since = try arguments.value("since").map { path throws(OperationError) in try FileInput.text(path) }
            let report = try LedgerLocation.run { () throws(LedgerError) in
                try LedgerAudit.verify(directory: location.directory, verifier: verifier, sinceNote: since)
            }
            var summary: [String: JSONValue] = [
                "verified": true, "origin": .string(report.checkpoint.origin),
                "treeSize": .number(JSONNumber(Int64(report.checkpoint.treeSize))),
                "rootHash": .string(report.checkpoint.rootHash.hex),
                "entryBundles": .number(JSONNumber(report.entryBundles)),
                "hashTiles": .number(JSONNumber(report.hashTiles)),
            ]
            if let old = report.since {
                summary["since"] = .object([
                    "treeSize": .number(JSONNumber(Int64(old.treeSize))), "rootHash": .string(old.rootHash.hex),
                ])
            }
            console.out(JSONValue.object(summary).encodedString(.compact))
            return .success
        })
}
