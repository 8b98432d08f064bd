import Foundation

// `maestro`: one binary for operators (serve), policy authors (policy), compliance staff (ledger),
// auditors (evidence) and newcomers (token). Exit codes: 0 success, 1 failure, 2 usage error.
let runner = CommandRunner(root: MaestroCommand.spec, console: Console())
let code = await runner.run(Array(CommandLine.arguments.dropFirst()))
exit(code.rawValue)
