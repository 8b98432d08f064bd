/// Renders a command's help and usage line from its ``CommandSpec``.
enum HelpFormatter {
    /// The full help text for `spec`, reached through `path` (for example `["maestro", "policy"]`).
    static func help(for spec: CommandSpec, path: [String]) -> String {
        var lines: [String] = ["OVERVIEW: \(spec.summary)", ""]
        if !spec.discussion.isEmpty {
            lines.append(spec.discussion)
            lines.append("")
        }
        lines.append("USAGE: \(usage(for: spec, path: path))")
        if !spec.subcommands.isEmpty {
            lines.append("")
            lines.append("SUBCOMMANDS:")
            lines.append(contentsOf: table(spec.subcommands.map { ($0.name, $0.summary) }))
            lines.append("")
            lines.append("  See '\(path.joined(separator: " ")) <subcommand> --help' for a subcommand's help.")
        }
        if !spec.positionals.isEmpty {
            lines.append("")
            lines.append("ARGUMENTS:")
            lines.append(contentsOf: table(spec.positionals.map { ("<\($0.name)>", $0.help) }))
        }
        lines.append("")
        lines.append("OPTIONS:")
        var rows = spec.options.map { option -> (String, String) in
            let required = option.isRequired ? " (required)" : ""
            switch option.kind {
            case .flag: return ("--\(option.name)", option.help)
            case .value(let placeholder): return ("--\(option.name) \(placeholder)", option.help + required)
            case .repeatable(let placeholder): return ("--\(option.name) \(placeholder)", option.help + " (repeatable)")
            }
        }
        rows.append(("-h, --help", "Show help information."))
        lines.append(contentsOf: table(rows))
        return lines.joined(separator: "\n")
    }

    /// One usage line: the command path, its options and its positionals.
    static func usage(for spec: CommandSpec, path: [String]) -> String {
        var parts = path
        if !spec.subcommands.isEmpty {
            parts.append("<subcommand>")
            return parts.joined(separator: " ")
        }
        for option in spec.options {
            let text: String
            switch option.kind {
            case .flag: text = "--\(option.name)"
            case .value(let placeholder): text = "--\(option.name) \(placeholder)"
            case .repeatable(let placeholder): text = "--\(option.name) \(placeholder) ..."
            }
            parts.append(option.isRequired ? text : "[\(text)]")
        }
        for positional in spec.positionals {
            parts.append(positional.isRequired ? "<\(positional.name)>" : "[<\(positional.name)>]")
        }
        return parts.joined(separator: " ")
    }

    private static func table(_ rows: [(String, String)]) -> [String] {
        let width = min(28, (rows.map(\.0.count).max() ?? 0) + 2)
        return rows.map { name, help in
            let padded = name.count < width ? name + String(repeating: " ", count: width - name.count) : name + "  "
            return "  " + padded + help
        }
    }
}
