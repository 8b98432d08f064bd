import JSON
import Testing

@testable import Orchestrator

/// `exec`: allow-listed programs without a shell, their output, exit status, timeout and environment.
struct ExecHandlerTests {
    static let configuration = HandlerConfiguration(
        allowedPrograms: ["/bin/echo", "/bin/sh", "/bin/sleep", "/bin/cat", "/usr/bin/env", "/bin/true", "/no/such"])

    static func run(
        _ config: JSONValue, timeout: Duration = .seconds(20), configuration: HandlerConfiguration = configuration
    ) async -> StepOutcome {
        await ExecHandler(configuration: configuration).run(.make(config: config, attempt: 2, timeout: timeout))
    }

    @Test func echoSucceedsWithItsOutput() async {
        let outcome = await Self.run(["program": "/bin/echo", "args": ["hello", "world"]])
        #expect(outcome.output == ["exitCode": 0, "stdout": "hello world\n", "stderr": ""])
        #expect(outcome.logs == StepLogs(stdout: "hello world\n"))
    }

    @Test func jsonOutputIsAlsoParsed() async {
        let outcome = await Self.run(["program": "/bin/echo", "args": [#"{"ok": true}"#]])
        #expect(outcome.output?["json"] == ["ok": true])
    }

    @Test func nonZeroExitFailsWithoutRetry() async {
        let outcome = await Self.run(["program": "/bin/sh", "args": ["-c", "echo oops >&2; exit 3"]])
        #expect(outcome.failureCode == "workflow.handler_exit_status")
        #expect(outcome.isRetryable == false)
        #expect(outcome.failureMessage == "`/bin/sh` exited with status 3")
        #expect(outcome.logs?.stderr == "oops\n")
    }

    @Test func sleepBeyondTheTimeoutIsKilled() async {
        let start = ContinuousClock.now
        let outcome = await Self.run(["program": "/bin/sleep", "args": ["10"], "timeout": "300ms"])
        #expect(outcome.failureCode == "workflow.handler_timeout")
        #expect(outcome.isRetryable == true)
        // Killed, not waited for: well before `sleep 10` would end (a loose bound, since the
        // whole test suite shares two cores).
        #expect(ContinuousClock.now - start < .seconds(9))
    }

    @Test func theInvocationTimeoutBoundsTheConfiguredOne() async {
        let outcome = await Self.run(
            ["program": "/bin/sleep", "args": ["10"], "timeout": "1m"], timeout: .milliseconds(300))
        #expect(outcome.failureCode == "workflow.handler_timeout")
    }

    @Test func cancellationKillsTheProgram() async {
        let task = Task { await Self.run(["program": "/bin/sleep", "args": ["10"]]) }
        try? await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        task.cancel()
        let outcome = await task.value
        #expect(outcome.failureCode == "workflow.handler_cancelled")
        #expect(outcome.isRetryable == true)
        #expect(ContinuousClock.now - start < .seconds(9))
    }

    @Test func outputBeyondTheLimitIsTruncated() async {
        let script = "i=0; while [ $i -lt 200 ]; do echo 0123456789; i=$((i+1)); done; echo done >&2"
        let outcome = await Self.run(
            ["program": "/bin/sh", "args": ["-c", .string(script)]],
            configuration: HandlerConfiguration(allowedPrograms: ["/bin/sh"], maxCapturedBytes: 100))
        #expect(outcome.isSuccess)
        #expect(outcome.logs?.stdout.utf8.count == 100)
        #expect(outcome.logs?.isStdoutTruncated == true)
        #expect(outcome.logs?.stderr == "done\n")
        #expect(outcome.logs?.isStderrTruncated == false)
        #expect(outcome.output?["json"] == nil)
    }

    @Test func truncationDropsACutCharacter() {
        var output = CapturedOutput(limit: 4)
        output.append(Array("abcé".utf8))
        #expect(output.isTruncated)
        #expect(output.text == "abc")
    }

    @Test func programNotOnTheAllowListIsRefused() async {
        let outcome = await Self.run(["program": "/usr/bin/id"])
        #expect(outcome.failureCode == "workflow.handler_not_allowed")
        #expect(outcome.isRetryable == false)
    }

    @Test func programMustBeAnAbsolutePath() async {
        let outcome = await Self.run(
            ["program": "echo"], configuration: HandlerConfiguration(allowedPrograms: ["echo"]))
        #expect(outcome.failureCode == "workflow.handler_config_invalid")
    }

    @Test func missingProgramFailsToStart() async {
        let outcome = await Self.run(["program": "/no/such"])
        #expect(outcome.failureCode == "workflow.handler_spawn_failed")
        #expect(outcome.isRetryable == false)
    }

    @Test func environmentHoldsOnlyPathTheConfigAndTheKey() async throws {
        let outcome = await Self.run(["program": "/usr/bin/env", "env": ["GREETING": "hi there"]])
        let lines = try #require(outcome.logs?.stdout).split(separator: "\n").map(String.init).sorted()
        #expect(lines.map { $0.prefix { $0 != "=" } } == ["GREETING", "MAESTRO_IDEMPOTENCY_KEY", "PATH"])
        #expect(lines.contains("GREETING=hi there"))
        #expect(lines.contains("MAESTRO_IDEMPOTENCY_KEY=e1/s1/2"))
        let reserved = await Self.run(["program": "/usr/bin/env", "env": ["MAESTRO_IDEMPOTENCY_KEY": "x"]])
        #expect(reserved.failureCode == "workflow.handler_config_invalid")
    }

    @Test func stdinIsFedToTheProgram() async {
        #expect(await Self.run(["program": "/bin/cat", "stdin": "to cat"]).output?["stdout"] == "to cat")
        #expect(await Self.run(["program": "/bin/cat", "stdin": ["a": 1]]).output?["json"] == ["a": 1])
        #expect(await Self.run(["program": "/bin/cat"]).output?["stdout"] == "")
    }

    @Test func programThatIgnoresItsInputStillFinishes() async {
        let input = JSONValue.string(String(repeating: "x", count: 1 << 20))
        #expect(await Self.run(["program": "/bin/true", "stdin": input]).isSuccess)
    }

    @Test func backgroundChildDoesNotHoldTheStep() async {
        let start = ContinuousClock.now
        let outcome = await Self.run(["program": "/bin/sh", "args": ["-c", "sleep 30 & echo started"]])
        #expect(outcome.output?["stdout"] == "started\n")
        #expect(ContinuousClock.now - start < .seconds(25))  // not held until the background `sleep 30` ends
    }

    @Test func invalidConfigIsRefused() async {
        let invalid: [JSONValue] = [
            [:], ["program": 1], ["program": "/bin/echo", "args": "a"], ["program": "/bin/echo", "args": [1]],
            ["program": "/bin/echo", "env": ["A=B": "c"]], ["program": "/bin/echo", "env": ["A": 1]],
            ["program": "/bin/echo", "timeout": 0], ["program": "/bin/echo", "shell": true],
        ]
        for config in invalid {
            let outcome = await Self.run(config)
            #expect(outcome.failureCode == "workflow.handler_config_invalid", "\(config)")
        }
    }
}
