/// The root of the command tree.
enum MaestroCommand {
    static let version = "0.1.0"

    static let spec = CommandSpec(
        name: "maestro",
        summary: "Policy-and-provenance governance for workflows.",
        discussion: """
            Maestro creates, validates, publishes, simulates and executes workflow DAGs behind a
            Cedar-compatible policy engine, and records published versions and execution evidence in a
            Merkle ledger (RFC 9162, C2SP checkpoints and tiles) that anyone can verify offline.

            Exit codes: 0 success, 1 the check or operation failed, 2 usage error.
            """,
        options: [.flag("version", help: "Print the version and exit.")],
        subcommands: [
            ServeCommand.spec,
            PolicyCommand.spec,
            LedgerCommand.spec,
            EvidenceCommand.spec,
            TokenCommand.spec,
        ],
        action: { arguments, console in
            guard arguments.flag("version") else { throw UsageError("missing subcommand") }
            console.out("maestro \(version)")
            return .success
        }
    )
}
