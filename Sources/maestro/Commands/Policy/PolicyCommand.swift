/// `maestro policy`: tools for policy authors.
enum PolicyCommand {
    static let spec = CommandSpec(
        name: "policy",
        summary: "Check, evaluate, test and compare policy sets.",
        discussion: """
            A policy set is a directory of Cedar-compatible `*.cedar` files, loaded recursively in
            path order. Fixtures live in `<dir>/tests/*.json`. A policy's id is its @id annotation,
            or `<file>:<index>`.
            """,
        subcommands: [
            PolicyCheckCommand.spec, PolicyEvalCommand.spec, PolicyTestCommand.spec, PolicyDiffCommand.spec,
            PolicyFormatCommand.spec,
        ]
    )
}
