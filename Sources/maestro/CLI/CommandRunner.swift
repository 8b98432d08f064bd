/// Walks the command tree for an argument list, then shows help, reports a usage error or runs
/// the command. Every path ends in an ``ExitCode``.
struct CommandRunner: Sendable {
    let root: CommandSpec
    let console: Console

    /// Runs the command line `arguments` (without the program name).
    func run(_ arguments: [String]) async -> ExitCode {
        var spec = root
        var path = [root.name]
        var rest = arguments[...]
        // Descend through subcommand names; options of a group (only --help) may sit anywhere.
        while let next = rest.first, let sub = spec.subcommand(named: next) {
            spec = sub
            path.append(next)
            rest = rest.dropFirst()
        }
        if !spec.subcommands.isEmpty, spec.positionals.isEmpty, let next = rest.first, !next.hasPrefix("-") {
            return usageError("unknown subcommand `\(next)`", spec: spec, path: path)
        }
        let parsed: ParsedArguments
        do {
            parsed = try ParsedArguments(Array(rest), for: spec)
        } catch {
            return usageError(error.message, spec: spec, path: path)
        }
        if parsed.wantsHelp {
            console.out(HelpFormatter.help(for: spec, path: path))
            return .success
        }
        guard let action = spec.action else {
            return usageError("missing subcommand", spec: spec, path: path)
        }
        do {
            return try await action(parsed, console)
        } catch let error as UsageError {
            return usageError(error.message, spec: spec, path: path)
        } catch let error as OperationError {
            console.err("\(path.joined(separator: " ")): \(error.message)")
            return .failure
        } catch {
            console.err("\(path.joined(separator: " ")): \(error)")
            return .failure
        }
    }

    private func usageError(_ message: String, spec: CommandSpec, path: [String]) -> ExitCode {
        let command = path.joined(separator: " ")
        console.err("\(command): \(message)")
        console.err("USAGE: \(HelpFormatter.usage(for: spec, path: path))")
        console.err("See '\(command) --help'.")
        return .usage
    }
}
