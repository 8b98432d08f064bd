import Foundation
import JSON
import Ledger

/// `maestro evidence export`: one entry, its proof and the ledger's key, in one file.
enum EvidenceExportCommand {
    static let spec = CommandSpec(
        name: "export", summary: "Export one entry as an evidence bundle.",
        discussion: """
            Writes the bundle for the entry at --index, proved against the ledger's current signed
            checkpoint: {"entry", "format", "proof", "vkey"} as RFC 8785 canonical JSON and a
            newline, to standard output or to --out (then prints {"file", "leafIndex", "treeSize",
            "leafHash"}). Reads the tlog-tiles files only, so it works beside a running server and
            on a copy of the ledger (--ledger DIR --vkey FILE). Entries that are not canonical JSON
            cannot be exported.
            """,
        options: LedgerLocation.options + [
            .value("index", "I", help: "The entry's leaf index.", required: true),
            .value("out", "FILE", help: "Write the bundle to FILE instead of standard output."),
        ],
        action: { arguments, console in
            let location = try LedgerLocation(arguments)
            let index = try LedgerReadCommands.number("index", arguments)
            let verifier = try location.verifier()
            let (bundle, verified) = try LedgerLocation.run { () throws(LedgerError) in
                let reader = try TiledLogReader(directory: location.directory, verifier: verifier)
                let bundle = try EvidenceBundle.export(from: reader, leafIndex: index, verifier: verifier)
                return (bundle, try bundle.verify(trusting: verifier))
            }
            guard let out = arguments.value("out") else {
                console.outBytes(bundle.bytes)
                return .success
            }
            do {
                try Data(bundle.bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw OperationError("cannot write `\(out)`: \(error.localizedDescription)")
            }
            let summary: JSONValue = .object([
                "file": .string(out), "leafIndex": EvidenceVerifyCommand.number(verified.leafIndex),
                "treeSize": EvidenceVerifyCommand.number(verified.treeSize),
                "leafHash": .string(verified.leafHash.hex),
            ])
            console.out(summary.encodedString(.compact))
            return .success
        })
}
