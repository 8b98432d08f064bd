import Glibc
import JSON

/// `exec`: runs an allow-listed program, `{"program", "args", "env", "stdin", "timeout"}`.
///
/// `program` is an absolute path that must be in ``HandlerConfiguration/allowedPrograms`` exactly;
/// it runs with `posix_spawn`, never a shell. Its environment is `PATH` (the server's unless `env`
/// sets it), `env`, and `MAESTRO_IDEMPOTENCY_KEY=<executionId>/<stepId>/<attempt>` — nothing else of
/// the server's. `stdin` is a string, or any other JSON written as JSON text. Standard output and
/// error are kept up to the limit (flagged when cut) in the logs and the output. Exit status 0
/// succeeds with `{"exitCode": 0, "stdout", "stderr"}`, plus `json` when the whole standard output is
/// JSON; another status fails with `workflow.handler_exit_status`, not retryable. At the timeout the
/// program's process group is killed and the step fails with a retryable `workflow.handler_timeout`.
struct ExecHandler: StepHandler {
    let configuration: HandlerConfiguration

    static let idempotencyVariable = "MAESTRO_IDEMPOTENCY_KEY"

    func run(_ invocation: StepInvocation) async -> StepOutcome {
        let run: ProgramRunner.Run
        let configured: Duration?
        do throws(WorkflowError) {
            (run, configured) = try makeRun(invocation)
        } catch {
            return .failure(error, retryable: false)
        }
        let timeout = min(invocation.timeout, configured ?? configuration.defaultExecTimeout)
        let result = await DedicatedThread.run(name: "maestro-exec", timeout: timeout) {
            ProgramRunner.run(run, context: $0)
        }
        let logs = StepLogs(
            stdout: result.stdout.text, stderr: result.stderr.text, isStdoutTruncated: result.stdout.isTruncated,
            isStderrTruncated: result.stderr.isTruncated)
        let program = "`\(run.program)`"
        switch result.termination {
        case .exited(0):
            var output: [String: JSONValue] = [
                "exitCode": 0, "stdout": .string(logs.stdout), "stderr": .string(logs.stderr),
            ]
            if !logs.isStdoutTruncated, let json = try? JSONValue.parse(result.stdout.bytes) { output["json"] = json }
            return .succeeded(output: .object(output), logs: logs)
        case .exited(let status):
            return .failure(
                WorkflowError(.handlerExitStatus, "\(program) exited with status \(status)"), retryable: false,
                logs: logs)
        case .signalled(let signal):
            return .failure(
                WorkflowError(.handlerExitStatus, "\(program) was killed by signal \(signal)"), retryable: false,
                logs: logs)
        case .stopped(.timedOut):
            return .failure(
                WorkflowError(.handlerTimeout, "\(program) did not finish within \(timeout) and was killed"),
                retryable: true, logs: logs)
        case .stopped(.cancelled):
            return .failure(
                WorkflowError(.handlerCancelled, "\(program) was killed because the attempt was cancelled"),
                retryable: true, logs: logs)
        case .spawnFailed(let number):
            let reason = String(cString: strerror(number))
            return .failure(
                WorkflowError(.handlerSpawnFailed, "cannot start \(program): \(reason)"),
                retryable: number == EAGAIN || number == ENOMEM)
        }
    }

    private func makeRun(_ invocation: StepInvocation) throws(WorkflowError) -> (ProgramRunner.Run, Duration?) {
        let config = try StepConfigReader(
            invocation.config, allowed: ["program", "args", "env", "stdin", "timeout"])
        let program = try config.requiredString("program")
        guard program.hasPrefix("/") else {
            throw StepConfigReader.invalid("`config.program` `\(program)` must be an absolute path")
        }
        guard configuration.allowedPrograms.contains(program) else {
            throw WorkflowError(.handlerNotAllowed, "`\(program)` is not on this server's list of allowed programs")
        }
        let arguments = try config.strings("args")
        guard !arguments.contains(where: { $0.utf8.contains(0) }) else {
            throw StepConfigReader.invalid("`config.args` has a NUL character")
        }
        var environment = ["PATH": getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"]
        for (name, value) in try config.stringPairs("env") {
            guard !name.isEmpty, !name.contains("="), !name.utf8.contains(0), !value.utf8.contains(0) else {
                throw StepConfigReader.invalid("`config.env` has an invalid variable `\(name)`")
            }
            guard name != Self.idempotencyVariable else {
                throw StepConfigReader.invalid("`config.env.\(name)` is set by the handler itself")
            }
            environment[name] = value
        }
        environment[Self.idempotencyVariable] = invocation.idempotencyKey
        var stdin: [UInt8]?
        switch config.members["stdin"] {
        case .none, .null?: stdin = nil
        case .string(let text)?: stdin = Array(text.utf8)
        case let json?: stdin = json.encoded()
        }
        let run = ProgramRunner.Run(
            program: program, arguments: arguments, environment: environment, stdin: stdin,
            captureLimit: configuration.maxCapturedBytes)
        return (run, try config.duration("timeout"))
    }
}
