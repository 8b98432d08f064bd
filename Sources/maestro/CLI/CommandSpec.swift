/// How a `maestro` invocation ends. The numbers are a contract with scripts and CI.
enum ExitCode: Int32, Sendable {
    /// The command did what was asked, or the check passed.
    case success = 0
    /// The operation failed or the check found a problem.
    case failure = 1
    /// The command line itself was wrong.
    case usage = 2
}

/// One `--option` a command accepts.
struct OptionSpec: Sendable {
    enum Kind: Sendable {
        /// `--name` alone: present or not.
        case flag
        /// `--name VALUE` or `--name=VALUE`, at most once.
        case value(placeholder: String)
        /// `--name VALUE`, any number of times.
        case repeatable(placeholder: String)
    }

    var name: String
    var kind: Kind
    var help: String
    var isRequired = false

    static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .flag, help: help)
    }

    static func value(_ name: String, _ placeholder: String, help: String, required: Bool = false) -> OptionSpec {
        OptionSpec(name: name, kind: .value(placeholder: placeholder), help: help, isRequired: required)
    }

    static func repeatable(_ name: String, _ placeholder: String, help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .repeatable(placeholder: placeholder), help: help)
    }

    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }
}

/// One positional argument a command accepts.
struct PositionalSpec: Sendable {
    var name: String
    var help: String
    var isRequired = true
}

/// A command or a group of subcommands, described once: parsing, help and dispatch all read it.
struct CommandSpec: Sendable {
    typealias Action = @Sendable (ParsedArguments, Console) async throws -> ExitCode

    var name: String
    var summary: String
    /// Longer help shown under the usage line.
    var discussion: String = ""
    var options: [OptionSpec] = []
    var positionals: [PositionalSpec] = []
    var subcommands: [CommandSpec] = []
    /// What the command does; `nil` for a group, which only dispatches to its subcommands.
    var action: Action? = nil

    func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }
}

/// A command line that does not fit the command: reported with the usage line, exit code 2.
struct UsageError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// An operation that failed for a reason the user should read: reported on stderr, exit code 1.
struct OperationError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
