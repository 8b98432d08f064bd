/// `maestro evidence`: tools for auditors.
enum EvidenceCommand {
    static let spec = CommandSpec(
        name: "evidence",
        summary: "Export and verify execution evidence bundles offline.",
        subcommands: []
    )
}
