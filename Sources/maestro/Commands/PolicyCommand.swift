/// `maestro policy`: tools for policy authors.
enum PolicyCommand {
    static let spec = CommandSpec(
        name: "policy",
        summary: "Check, evaluate, test and compare policy sets.",
        discussion: "Policies are Cedar-compatible `*.cedar` files; fixtures live in `<dir>/tests/*.json`.",
        subcommands: []
    )
}
