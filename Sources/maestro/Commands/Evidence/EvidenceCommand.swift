/// `maestro evidence`: tools for auditors.
enum EvidenceCommand {
    static let spec = CommandSpec(
        name: "evidence",
        summary: "Export and verify execution evidence bundles offline.",
        discussion: """
            An evidence bundle (maestro-evidence/v1) is one JSON file holding a ledger entry, its
            C2SP tlog-proof (the inclusion path and the signed checkpoint) and the ledger's verifier
            key. Anyone can check it offline, with `maestro evidence verify` or without Maestro
            (docs/evidence.md, scripts/verify-evidence.py).
            """,
        subcommands: [EvidenceExportCommand.spec, EvidenceVerifyCommand.spec]
    )
}
