import TestSupport
import Testing

/// The `maestro` binary's command line: help, usage errors and exit codes (0 ok, 1 failed, 2 usage).
struct CommandLineTests {
    static let commands = ["serve", "policy", "ledger", "evidence", "token"]

    @Test func helpListsEverySubcommand() async throws {
        let result = try await MaestroBinary.run(["--help"])
        #expect(result.status == 0)
        for command in Self.commands {
            #expect(result.stdout.contains("\n  \(command) "), "\(command) missing from help")
        }
        #expect(result.stdout.contains("USAGE: maestro <subcommand>"))
    }

    @Test(arguments: commands)
    func eachSubcommandHasHelp(_ command: String) async throws {
        let result = try await MaestroBinary.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("OVERVIEW: "))
        #expect(result.stdout.contains("USAGE: maestro \(command)"))
        #expect(result.stderr.isEmpty)
    }

    @Test(arguments: commands)
    func unknownFlagIsAUsageError(_ command: String) async throws {
        let result = try await MaestroBinary.run([command, "--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown option `--no-such-flag`"))
        #expect(result.stderr.contains("See 'maestro \(command) --help'."))
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownSubcommandIsAUsageError() async throws {
        let result = try await MaestroBinary.run(["frobnicate"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown subcommand `frobnicate`"))
    }

    @Test func noSubcommandIsAUsageError() async throws {
        let result = try await MaestroBinary.run([])
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing subcommand"))
    }

    @Test func missingRequiredOptionIsAUsageError() async throws {
        let result = try await MaestroBinary.run(["token", "--sub", "alice"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing required option `--tenant`"))
    }

    @Test func badOptionValueIsAUsageError() async throws {
        let result = try await MaestroBinary.run(["serve", "--port", "70000"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("`--port` must be an integer in 0...65535"))
    }

    @Test func optionWithoutItsValueIsAUsageError() async throws {
        let result = try await MaestroBinary.run(["serve", "--port"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("option `--port` needs a value"))
    }

    @Test func printsTheVersion() async throws {
        let result = try await MaestroBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.wholeMatch(of: /maestro \d+\.\d+\.\d+\n/) != nil)
    }
}
