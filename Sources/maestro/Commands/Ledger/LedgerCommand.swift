/// `maestro ledger`: tools for compliance staff.
enum LedgerCommand {
    static let spec = CommandSpec(
        name: "ledger",
        summary: "Append to, prove from and verify the Merkle ledger.",
        discussion: "The ledger is a C2SP tlog-tiles directory with a signed checkpoint at its root.",
        subcommands: []
    )
}
