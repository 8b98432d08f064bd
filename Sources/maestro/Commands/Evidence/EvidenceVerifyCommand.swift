import JSON
import Ledger

/// `maestro evidence verify`: the auditor's offline check of one bundle.
enum EvidenceVerifyCommand {
    static let spec = CommandSpec(
        name: "verify", summary: "Verify an evidence bundle offline.",
        discussion: """
            Hashes the entry's canonical JSON as an RFC 9162 leaf, checks the checkpoint's Ed25519
            signature with the trusted key, and walks the inclusion path to the checkpoint's root.
            Prints {"verified", "origin", "leafIndex", "treeSize", "leafHash", "rootHash", "vkey",
            "trusted", "entry"} and exits 0, or names the failed check's code and exits 1.
            Without --vkey the bundle's own key is trusted, which shows only that the bundle is
            consistent: pass the ledger's key, obtained elsewhere, to check who signed it.
            """,
        options: [
            .value("vkey", "FILE", help: "The ledger's verifier key to trust (default: the bundle's own).")
        ],
        positionals: [PositionalSpec(name: "FILE", help: "The bundle; `-` reads standard input.")],
        action: { arguments, console in
            let file = arguments.positional(0)!
            let trustedKey = try arguments.value("vkey").map { path throws(OperationError) in
                try LedgerLocation.run { () throws(LedgerError) in try LedgerKey.readVerifierKey(path) }
            }
            let bytes = try FileInput.bytes(file)
            let (bundle, verified) = try LedgerLocation.run { () throws(LedgerError) in
                do throws(LedgerError) {
                    let bundle = try EvidenceBundle.parse(bytes)
                    let verifier: NoteVerifier
                    if let trustedKey {
                        verifier = trustedKey
                    } else {
                        verifier = try NoteVerifier(verifierKey: bundle.verifierKey)
                        console.err(
                            "maestro evidence verify: trusting the bundle's own key `\(bundle.verifierKey)`; "
                                + "pass --vkey to check it against a key you trust")
                    }
                    return (bundle, try bundle.verify(trusting: verifier))
                } catch {
                    throw LedgerError(error.code, "`\(file)`: \(error.message)")
                }
            }
            let summary: JSONValue = .object([
                "verified": true, "origin": .string(verified.checkpoint.origin),
                "leafIndex": number(verified.leafIndex), "treeSize": number(verified.treeSize),
                "leafHash": .string(verified.leafHash.hex), "rootHash": .string(verified.checkpoint.rootHash.hex),
                "vkey": .string(bundle.verifierKey), "trusted": .string(trustedKey == nil ? "bundle" : "vkey"),
                "entry": bundle.entry,
            ])
            console.out(summary.encodedString(.compact))
            return .success
        })

    /// An exact JSON number, or its decimal string past `Int64.max` (a forged but self-consistent
    /// bundle may claim any 64-bit size).
    static func number(_ value: UInt64) -> JSONValue {
        Int64(exactly: value).map { .number(JSONNumber($0)) } ?? .string(String(value))
    }
}
