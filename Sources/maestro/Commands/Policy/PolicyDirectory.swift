import PolicyEngine

/// Loads a policy directory: every `*.cedar` file under it, named by its path relative to it.
enum PolicyDirectory {
    static func sources(_ directory: String) throws(OperationError) -> [PolicySet.Source] {
        var sources: [PolicySet.Source] = []
        for path in try FileInput.files(in: directory, suffix: ".cedar") {
            sources.append(PolicySet.Source(name: path, text: try FileInput.text(FileInput.join(directory, path))))
        }
        return sources
    }

    /// The compiled set, or every syntax error printed as `dir/file:line:column: code: message`.
    static func load(_ directory: String, console: Console) throws(OperationError) -> PolicySet {
        let sources = try sources(directory)
        do {
            return try PolicySet(sources: sources)
        } catch {
            for problem in PolicySet.diagnose(sources) { console.err(describe(problem, in: directory)) }
            throw OperationError("`\(directory)` has policy errors")
        }
    }

    /// An error with its location made relative to the working directory.
    static func describe(_ error: PolicyError, in directory: String) -> String {
        guard let span = error.span else { return "\(error.code): \(error.message)" }
        return "\(FileInput.join(directory, span.source)):\(span.start.line):\(span.start.column): "
            + "\(error.code): \(error.message)"
    }
}
