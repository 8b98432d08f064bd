import PolicyEngine

/// `maestro policy format DIR`.
enum PolicyFormatCommand {
    static let spec = CommandSpec(
        name: "format",
        summary: "Print the canonical text of a policy set: exactly what its digest covers.",
        discussion: """
            Policies are printed in id order in one canonical layout, without comments. The
            SHA-256 of this output is the set's digest (`sha256:<hex>`), named by every decision.
            """,
        positionals: [PositionalSpec(name: "dir", help: "The policy directory.")],
        action: { arguments, console in
            let policySet = try PolicyDirectory.load(arguments.positional(0)!, console: console)
            console.outBytes(Array(policySet.canonicalText.utf8))
            return .success
        }
    )
}
