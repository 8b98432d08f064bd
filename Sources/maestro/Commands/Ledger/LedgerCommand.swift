/// `maestro ledger`: tools for compliance staff.
enum LedgerCommand {
    static let spec = CommandSpec(
        name: "ledger",
        summary: "Append to, prove from and verify the Merkle ledger.",
        discussion: """
            The ledger is a C2SP tlog-tiles directory (`checkpoint`, `tile/…`) in DATA/ledger, signed
            with the Ed25519 key in DATA/keys/ledger-signing.pem; its verifier key is
            DATA/keys/ledger.vkey. Reading commands also work on a copy or mirror of the directory:
            `--ledger DIR --vkey FILE`.
            """,
        subcommands: [
            LedgerAppendCommand.spec, LedgerReadCommands.checkpoint, LedgerReadCommands.key, LedgerReadCommands.prove,
            LedgerReadCommands.consistency, LedgerVerifyCommand.spec,
        ]
    )
}
