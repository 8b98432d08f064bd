import PolicyEngine

/// `maestro policy check DIR [--schema FILE]`.
enum PolicyCheckCommand {
    static let spec = CommandSpec(
        name: "check",
        summary: "Parse and validate a policy set, optionally against a schema.",
        discussion: """
            Reports every syntax error, and with --schema (Cedar's JSON schema format) unknown
            entity types, actions and attributes, type mismatches and impossible comparisons, each
            as `file:line:column: code: message`. Exit 1 on any error.
            """,
        options: [.value("schema", "FILE", help: "A Cedar JSON schema to validate against.")],
        positionals: [PositionalSpec(name: "dir", help: "The policy directory.")],
        action: { arguments, console in
            let directory = arguments.positional(0)!
            let sources = try PolicyDirectory.sources(directory)
            var problems = PolicySet.diagnose(sources)
            var policySet: PolicySet? = nil
            if problems.isEmpty {
                policySet = try? PolicySet(sources: sources)
                if let schemaPath = arguments.value("schema"), let policySet {
                    let schema: Schema
                    do {
                        schema = try Schema(json: FileInput.json(schemaPath))
                    } catch let error as PolicyError {
                        throw OperationError("`\(schemaPath)`: \(error.code): \(error.message)")
                    }
                    problems += Validator.validate(policySet, against: schema)
                }
            }
            for problem in problems { console.err(PolicyDirectory.describe(problem, in: directory)) }
            let count = policySet?.policies.count ?? 0
            if problems.isEmpty {
                console.out(
                    "\(count) policies in \(sources.count) files, no errors; digest \(policySet?.digest ?? "")")
                return .success
            }
            console.out("\(problems.count) error\(problems.count == 1 ? "" : "s") in `\(directory)`")
            return .failure
        }
    )
}
