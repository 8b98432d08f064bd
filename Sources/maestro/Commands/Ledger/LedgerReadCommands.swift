import JSON
import Ledger

/// The reading subcommands of `maestro ledger`: they read the tlog-tiles files only, so they work
/// beside a running server and on a mirror.
enum LedgerReadCommands {
    static let checkpoint = CommandSpec(
        name: "checkpoint", summary: "Print the current signed checkpoint (after verifying its signature).",
        options: LedgerLocation.options,
        action: { arguments, console in
            let reader = try LedgerLocation(arguments).reader()
            console.outBytes(Array(reader.checkpointNote.utf8))
            return .success
        })

    static let key = CommandSpec(
        name: "key", summary: "Print the ledger's verifier key (vkey).", options: LedgerLocation.options,
        action: { arguments, console in
            console.out(try LedgerLocation(arguments).verifier().verifierKey)
            return .success
        })

    static let prove = CommandSpec(
        name: "prove", summary: "Print an inclusion proof for one entry.",
        discussion: """
            Prints {"leafIndex", "treeSize", "leafHash", "rootHash", "inclusion", "checkpoint"} with
            hashes in hex; "checkpoint" is the signed checkpoint the proof verifies against (null
            for an older --size, whose root is "rootHash"). With --tlog-proof, prints the C2SP
            tlog-proof text instead.
            """,
        options: LedgerLocation.options + [
            .value("index", "I", help: "The entry's leaf index.", required: true),
            .value("size", "N", help: "The tree size to prove against (default: the checkpoint's)."),
            .flag("tlog-proof", help: "Print the C2SP tlog-proof (c2sp.org/tlog-proof@v1) text."),
        ],
        action: { arguments, console in
            let location = try LedgerLocation(arguments)
            let index = try number("index", arguments)
            let size = try arguments.value("size").map { _ in try number("size", arguments) }
            let reader = try location.reader()
            let (proof, entry, root) = try LedgerLocation.run { () throws(LedgerError) in
                let proof = try reader.inclusionProof(leafIndex: index, treeSize: size)
                return (proof, try reader.entry(at: index), try reader.rootHash(treeSize: proof.treeSize))
            }
            let isLatest = proof.treeSize == reader.checkpoint.treeSize
            if arguments.flag("tlog-proof") {
                guard isLatest else {
                    throw UsageError("`--tlog-proof` proves against the current checkpoint; drop `--size`")
                }
                let text = TLogProof(leafIndex: index, inclusionPath: proof.path, checkpointNote: reader.checkpointNote)
                    .text
                console.outBytes(Array(text.utf8))
                return .success
            }
            let output: JSONValue = .object([
                "leafIndex": .number(JSONNumber(Int64(index))), "treeSize": .number(JSONNumber(Int64(proof.treeSize))),
                "leafHash": .string(TreeHasher.leafHash(of: entry).hex), "rootHash": .string(root.hex),
                "inclusion": LedgerLocation.hexList(proof.path),
                "checkpoint": isLatest ? .string(reader.checkpointNote) : .null,
            ])
            console.out(output.encodedString(.compact))
            return .success
        })

    static let consistency = CommandSpec(
        name: "consistency", summary: "Print a consistency proof between two tree sizes.",
        discussion: """
            Prints {"oldSize", "treeSize", "oldRootHash", "rootHash", "consistency", "checkpoint"}
            with hashes in hex; "checkpoint" is null for an older --size.
            """,
        options: LedgerLocation.options + [
            .value("old-size", "M", help: "The earlier tree size (at least 1).", required: true),
            .value("size", "N", help: "The later tree size (default: the checkpoint's)."),
        ],
        action: { arguments, console in
            let location = try LedgerLocation(arguments)
            let oldSize = try number("old-size", arguments)
            let size = try arguments.value("size").map { _ in try number("size", arguments) }
            let reader = try location.reader()
            let (proof, oldRoot, root) = try LedgerLocation.run { () throws(LedgerError) in
                let proof = try reader.consistencyProof(oldSize: oldSize, treeSize: size)
                return (proof, try reader.rootHash(treeSize: oldSize), try reader.rootHash(treeSize: proof.treeSize))
            }
            let output: JSONValue = .object([
                "oldSize": .number(JSONNumber(Int64(oldSize))), "treeSize": .number(JSONNumber(Int64(proof.treeSize))),
                "oldRootHash": .string(oldRoot.hex), "rootHash": .string(root.hex),
                "consistency": LedgerLocation.hexList(proof.path),
                "checkpoint": proof.treeSize == reader.checkpoint.treeSize ? .string(reader.checkpointNote) : .null,
            ])
            console.out(output.encodedString(.compact))
            return .success
        })

    /// A non-negative integer option.
    static func number(_ name: String, _ arguments: ParsedArguments) throws(UsageError) -> UInt64 {
        guard let text = arguments.value(name), let value = UInt64(text), value <= UInt64(Int64.max) else {
            throw UsageError("`--\(name)` must be a non-negative integer, not `\(arguments.value(name) ?? "")`")
        }
        return value
    }
}
