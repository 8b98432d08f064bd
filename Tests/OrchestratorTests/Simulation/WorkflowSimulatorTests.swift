import JSON
import Testing

@testable import Orchestrator

/// The simulator's clock: offsets from dependencies, retries, timeouts, branches, loops and delays,
/// each asserted in seconds, with the reasons it gives.
struct WorkflowSimulatorTests {
    static func simulate(
        _ steps: String, input: JSONValue = [:], mocks: [String: StepMock] = [:], env: JSONValue = ["tenant": "t1"],
        id: String = "w1"
    ) throws -> Simulation {
        let text = #"{"id": "\#(id)", "name": "sim", "labels": {"sensitivity": "internal"}, "steps": [\#(steps)]}"#
        let (definition, findings) = WorkflowDefinition.parse(try JSONValue.parse(Array(text.utf8)))
        let parsed = try #require(definition, "\(findings)")
        let compilation = WorkflowCompiler.compile(parsed)
        let plan = try #require(compilation.plan, "\(compilation.errors)")
        return WorkflowSimulator.simulate(parsed, plan: plan, input: input, mocks: mocks, env: env)
    }

    static func times(_ simulation: Simulation, _ id: String) -> [Double?] {
        [simulation.step(id)?.startSeconds, simulation.step(id)?.endSeconds]
    }

    static func task(_ id: String, needs: [String] = [], extra: String = "") -> String {
        let list = needs.map { "\"\($0)\"" }.joined(separator: ", ")
        return #"{"id": "\#(id)", "kind": "task", "handler": "h", "timeout": "30s", "needs": [\#(list)]\#(extra)}"#
    }

    @Test func stepsStartWhenEverythingTheyNeedHasFinished() throws {
        let simulation = try Self.simulate(
            [
                Self.task("a"), Self.task("b", needs: ["a"]), Self.task("c", needs: ["b"]), Self.task("side"),
                Self.task("join", needs: ["c", "side"]),
            ].joined(separator: ","),
            mocks: [
                "a": StepMock(durationSeconds: 2), "b": StepMock(durationSeconds: 3),
                "c": StepMock(durationSeconds: 1.5),
                "side": StepMock(durationSeconds: 10),
            ])
        #expect(simulation.status == .succeeded)
        #expect(simulation.steps.map(\.id) == ["a", "b", "c", "side", "join"])  // the plan's order
        #expect(Self.times(simulation, "a") == [0, 2])
        #expect(Self.times(simulation, "b") == [2, 5])
        #expect(Self.times(simulation, "c") == [5, 6.5])
        #expect(Self.times(simulation, "side") == [0, 10])
        #expect(Self.times(simulation, "join") == [10, 11])  // no mock: 1 s
        #expect(simulation.totalSeconds == 11)
        #expect(simulation.steps.allSatisfy { $0.status == .succeeded && $0.attempts == 1 })
        #expect(simulation.step("join")?.output == [:])
        #expect(simulation.failure == nil && simulation.notes.isEmpty)
    }

    static let branching = [
        task("check"),
        #"{"id": "big", "kind": "condition", "needs": ["check"], "expression": "context.steps.check.output.score > 10 && context.input.region like \"eu-*\"", "then": ["approve"], "else": "book"}"#,
        #"{"id": "approve", "kind": "human", "assignees": ["role:manager"], "dueIn": "2h"}"#,
        task("book"),
        task("receipt", needs: ["book"]),
    ].joined(separator: ",")

    @Test func aConditionTakesThenAndSkipsWhatOnlyElseNames() throws {
        let simulation = try Self.simulate(
            Self.branching, input: ["region": "eu-west-1"], mocks: ["check": StepMock(output: ["score": 12])])
        let condition = try #require(simulation.conditions.first)
        #expect(condition.id == "big" && condition.branch == .then && condition.value == true)
        #expect(
            condition.because
                == "the expression is `true` because `context.steps.check.output.score` is `12`, "
                + "`context.input.region` is `\"eu-west-1\"`; it takes `then`")
        #expect(Self.times(simulation, "big") == [1, 1])
        // No mocked duration: the person answers when it is due.
        #expect(Self.times(simulation, "approve") == [1, 7201])
        #expect(simulation.step("approve")?.note?.contains("`dueIn`") == true)
        #expect(simulation.step("book")?.status == .skipped)
        #expect(simulation.step("book")?.note == "it is on the `else` branch of `big`, which took `then`")
        #expect(simulation.step("receipt")?.status == .skipped)
        #expect(simulation.step("receipt")?.note == "it needs `book`, which was skipped")
        #expect(simulation.status == .succeeded && simulation.totalSeconds == 7201)
    }

    @Test func aConditionTakesElseAndSaysWhy() throws {
        let simulation = try Self.simulate(
            Self.branching, input: ["region": "eu-west-1"],
            mocks: ["check": StepMock(output: ["score": 3]), "book": StepMock(durationSeconds: 4)])
        let condition = try #require(simulation.conditions.first)
        #expect(condition.branch == .else && condition.value == false)
        #expect(
            condition.because.hasPrefix("the expression is `false` because `context.steps.check.output.score` is `3`"))
        #expect(condition.because.hasSuffix("it takes `else`"))
        #expect(simulation.step("approve")?.status == .skipped)
        #expect(Self.times(simulation, "book") == [1, 5])
        #expect(Self.times(simulation, "receipt") == [5, 6])
    }

    static let retrying = #", "retry": {"maxAttempts": 3, "initialBackoff": "1s", "multiplier": 2, "maxBackoff": "1m"}"#

    @Test func retriesWaitTheBackoffBetweenAttempts() throws {
        let simulation = try Self.simulate(
            [Self.task("pay", extra: Self.retrying), Self.task("ship", needs: ["pay"])].joined(separator: ","),
            mocks: ["pay": StepMock(output: ["id": 7], failAttempts: 2, durationSeconds: 3)])
        let pay = try #require(simulation.step("pay"))
        // Attempt 1 [0, 3), wait 1, attempt 2 [4, 7), wait 2, attempt 3 [9, 12): 9 = d + 1 + d + 2.
        #expect(pay.status == .succeeded && pay.attempts == 3)
        #expect(Self.times(simulation, "pay") == [0, 12])
        #expect(Self.times(simulation, "ship") == [12, 13])
        #expect(pay.output == ["id": 7])
        #expect(simulation.notes.contains { $0.hasPrefix("jitter is not simulated") })
    }

    @Test func backoffIsCappedAtMaxBackoff() throws {
        let retry =
            #", "retry": {"maxAttempts": 4, "initialBackoff": "2s", "multiplier": 10, "maxBackoff": "5s", "jitter": 0}"#
        let simulation = try Self.simulate(
            Self.task("pay", extra: retry), mocks: ["pay": StepMock(failAttempts: 3, durationSeconds: 1)])
        // Waits of 2, then 20 capped to 5, then 5.
        #expect(Self.times(simulation, "pay") == [0, 4 + 2 + 5 + 5])
        #expect(simulation.notes.isEmpty)  // no jitter to ignore
    }

    @Test func anAttemptLongerThanTheTimeoutFailsAtTheTimeout() throws {
        let retry = #", "retry": {"maxAttempts": 2, "initialBackoff": "1s"}"#
        let simulation = try Self.simulate(
            [Self.task("slow", extra: retry), Self.task("after", needs: ["slow"])].joined(separator: ","),
            mocks: ["slow": StepMock(durationSeconds: 40)])
        let slow = try #require(simulation.step("slow"))
        #expect(slow.status == .failed && slow.attempts == 2)
        #expect(Self.times(simulation, "slow") == [0, 30 + 1 + 30])
        #expect(slow.error?.code == StepMock.timeoutCode)
        #expect(
            slow.error?.message == "attempt 2 would take 40 s, past the step's timeout of 30 s; all 2 attempts failed")
        #expect(simulation.status == .failed)
        #expect(simulation.failure?.stepId == "slow" && simulation.failure?.atSeconds == 61)
        #expect(simulation.step("after")?.status == .skipped)
    }

    @Test func aNonRetryableErrorStopsTheRetries() throws {
        let retry = #", "retry": {"maxAttempts": 5, "initialBackoff": "1s", "nonRetryable": ["card.declined"]}"#
        let simulation = try Self.simulate(
            Self.task("charge", extra: retry), mocks: ["charge": StepMock(error: "card.declined", durationSeconds: 2)])
        let charge = try #require(simulation.step("charge"))
        #expect(charge.status == .failed && charge.attempts == 1)
        #expect(charge.error?.code == "card.declined" && charge.error?.isPermanent == true)
        #expect(charge.error?.message.hasSuffix("`card.declined` is not retryable") == true)
        #expect(Self.times(simulation, "charge") == [0, 2])
    }

    @Test func exhaustedRetriesFailTheRunAndSkipWhatComesAfter() throws {
        let simulation = try Self.simulate(
            [
                Self.task("charge", extra: Self.retrying), Self.task("ship", needs: ["charge"]), Self.task("audit"),
                Self.task("late"), Self.task("report", needs: ["late"]),
            ].joined(separator: ","),
            mocks: [
                "charge": StepMock(error: "http.503"), "audit": StepMock(durationSeconds: 20),
                "late": StepMock(durationSeconds: 6),
            ])
        // Attempts [0, 1), [2, 3), [5, 6): the run fails at 6.
        #expect(simulation.status == .failed)
        #expect(simulation.failure?.stepId == "charge" && simulation.failure?.atSeconds == 6)
        #expect(simulation.failure?.error.code == "http.503")
        #expect(simulation.step("charge")?.attempts == 3 && simulation.step("charge")?.error?.isPermanent == false)
        #expect(simulation.step("ship")?.note == "it needs `charge`, which failed")
        // Running when the run failed: shown to its end. Starting at or after it: never started.
        #expect(Self.times(simulation, "audit") == [0, 20])
        #expect(simulation.step("report")?.status == .skipped)
        #expect(
            simulation.step("report")?.note
                == "it would start at 6 s, when the execution has already failed (`charge` at 6 s)")
        #expect(simulation.totalSeconds == 20)
    }

    @Test func aForEachLoopRunsItsBodyInRoundsOfConcurrency() throws {
        let simulation = try Self.simulate(
            [
                #"{"id": "each", "kind": "loop", "forEach": "context.input.items", "concurrency": 2, "body": ["fetch", "store"]}"#,
                Self.task("fetch", extra: #", "resources": {"cpu": 1}"#), Self.task("store", needs: ["fetch"]),
                Self.task("done", needs: ["each"]),
            ].joined(separator: ","),
            input: ["items": [1, 2, 3, 4, 5]],
            mocks: ["fetch": StepMock(durationSeconds: 2), "store": StepMock(durationSeconds: 1)])
        let loop = try #require(simulation.loops.first)
        #expect(loop.iterations == 5 && loop.batches == 3)
        #expect(loop.because.contains("5 elements; 3 rounds of at most 2 (`concurrency`)"))
        // One iteration takes 2 + 1 s; three rounds.
        #expect(Self.times(simulation, "each") == [0, 9])
        #expect(Self.times(simulation, "fetch") == [0, 8])
        #expect(Self.times(simulation, "store") == [2, 9])
        #expect(simulation.step("fetch")?.attempts == 5 && simulation.step("fetch")?.iterations == 5)
        #expect(Self.times(simulation, "done") == [9, 10])
        #expect(simulation.cost.cpuSeconds == 10)
    }

    @Test func aBodyStepThatFailsFailsItsLoopInTheFirstRound() throws {
        let simulation = try Self.simulate(
            [
                #"{"id": "each", "kind": "loop", "forEach": "context.input.items", "concurrency": 2, "body": ["fetch"]}"#,
                Self.task("fetch"), Self.task("done", needs: ["each"]),
            ].joined(separator: ","),
            input: ["items": ["a", "b", "c"]], mocks: ["fetch": StepMock(error: "http.404", durationSeconds: 2)])
        #expect(simulation.status == .failed)
        #expect(simulation.failure?.stepId == "fetch" && simulation.failure?.atSeconds == 2)
        let loop = try #require(simulation.step("each"))
        #expect(loop.status == .failed && loop.error?.code == "http.404")
        #expect(loop.error?.message == "body step `fetch` failed: attempt 1 fails with the mocked error `http.404`")
        #expect(Self.times(simulation, "each") == [0, 2])
        // Both iterations of the first round ran, and failed alike.
        #expect(simulation.step("fetch")?.attempts == 2 && simulation.loops.first?.iterations == 2)
        #expect(simulation.step("done")?.note == "it needs `each`, which failed")
    }

    @Test func nestedLoopsMultiplyTheirIterations() throws {
        let simulation = try Self.simulate(
            [
                #"{"id": "outer", "kind": "loop", "forEach": "context.input.rows", "body": ["inner"]}"#,
                #"{"id": "inner", "kind": "loop", "forEach": "context.input.cols", "concurrency": 3, "body": ["cell"]}"#,
                Self.task("cell"),
            ].joined(separator: ","),
            input: ["rows": [1, 2], "cols": [1, 2, 3, 4]], mocks: ["cell": StepMock(durationSeconds: 5)])
        // Inner: 4 cells, 3 at a time: 2 rounds of 5 s; outer: 2 rows one at a time.
        #expect(Self.times(simulation, "inner") == [0, 20])
        #expect(Self.times(simulation, "outer") == [0, 20])
        #expect(simulation.step("cell")?.iterations == 8 && simulation.step("inner")?.iterations == 2)
        #expect(simulation.loops.map(\.id) == ["inner", "outer"])
    }

    @Test func anEmptyForEachSkipsTheBody() throws {
        let simulation = try Self.simulate(
            [
                #"{"id": "each", "kind": "loop", "forEach": "context.input.items", "body": ["fetch"]}"#,
                Self.task("fetch"),
            ].joined(separator: ","), input: ["items": []])
        #expect(simulation.loops.first?.iterations == 0)
        #expect(simulation.step("fetch")?.status == .skipped)
        #expect(simulation.step("fetch")?.note == "its loop `each` ran no iterations")
        #expect(simulation.status == .succeeded)
    }

    @Test func aWhileLoopStopsAtMaxIterations() throws {
        let loop =
            #"{"id": "poll", "kind": "loop", "while": "context.input.keepGoing", "maxIterations": 4, "body": ["check"]}"#
        let simulation = try Self.simulate(
            [loop, Self.task("check"), Self.task("after", needs: ["poll"])].joined(separator: ","),
            input: ["keepGoing": true], mocks: ["check": StepMock(durationSeconds: 5)])
        #expect(simulation.loops.first?.iterations == 4)
        #expect(simulation.loops.first?.because.contains("`maxIterations` (4) stops it") == true)
        #expect(Self.times(simulation, "poll") == [0, 20])
        #expect(simulation.step("check")?.attempts == 4)
        #expect(Self.times(simulation, "after") == [20, 21])

        let never = try Self.simulate(
            [loop, Self.task("check")].joined(separator: ","), input: ["keepGoing": false])
        #expect(never.loops.first?.iterations == 0 && never.step("check")?.status == .skipped)
        #expect(never.loops.first?.because == "the expression is `false` before the first iteration")
    }

    @Test func aDelayTakesItsDurationAndUntilTakesNone() throws {
        let simulation = try Self.simulate(
            [
                #"{"id": "wait", "kind": "delay", "duration": "90s"}"#,
                #"{"id": "noon", "kind": "delay", "until": "2030-01-01T12:00:00Z", "needs": ["wait"]}"#,
                Self.task("go", needs: ["noon"]),
            ].joined(separator: ","))
        #expect(Self.times(simulation, "wait") == [0, 90])
        #expect(Self.times(simulation, "noon") == [90, 90])
        #expect(simulation.step("noon")?.note?.contains("wall-clock time") == true)
        #expect(Self.times(simulation, "go") == [90, 91])
    }

    @Test func costAddsResourceHintsOverTheTimeAttemptsRun() throws {
        let hints = #", "resources": {"cpu": 0.5, "memory": 256, "quota": {"api_calls": 2}}"# + Self.retrying
        let simulation = try Self.simulate(
            [Self.task("a", extra: hints), Self.task("b", needs: ["a"], extra: #", "resources": {"memory": 100}"#)]
                .joined(separator: ","),
            mocks: ["a": StepMock(failAttempts: 1, durationSeconds: 4), "b": StepMock(durationSeconds: 0.5)])
        // `a`: two attempts of 4 s (the 1 s backoff holds nothing); `b`: 0.5 s.
        #expect(simulation.cost.cpuSeconds == 4)
        #expect(simulation.cost.memoryMiBSeconds == 256 * 8 + 50)
        #expect(simulation.cost.quota == ["api_calls": 4])
        #expect(simulation.totalSeconds == 9.5)
    }

    @Test func anExpressionThatFailsAtRuntimeFailsTheRun() throws {
        let simulation = try Self.simulate(
            Self.branching, input: ["region": "eu-west-1"], mocks: ["check": StepMock(output: ["total": 12])])
        let condition = try #require(simulation.conditions.first)
        #expect(condition.branch == nil && condition.value == nil)
        #expect(condition.error?.code == "policy.attribute_missing")
        #expect(
            condition.because
                == "the expression failed with `policy.attribute_missing`: record does not have the attribute "
                + "`score`; `context.steps.check.output.score` is absent, `context.input.region` is `\"eu-west-1\"`")
        #expect(simulation.status == .failed)
        #expect(simulation.failure?.stepId == "big" && simulation.failure?.error.code == "policy.attribute_missing")
        #expect(simulation.step("big")?.status == .failed)
        #expect(simulation.step("approve")?.status == .skipped && simulation.step("book")?.status == .skipped)
    }

    @Test func policyChecksListTheExecutionAndEachSubprocessOnThePath() throws {
        let simulation = try Self.simulate(
            [
                #"{"id": "gate", "kind": "condition", "expression": "context.env.tenant == \"t1\"", "then": ["child"], "else": ["other"]}"#,
                #"{"id": "child", "kind": "subprocess", "workflowId": "billing", "version": "^1.0.0"}"#,
                #"{"id": "other", "kind": "subprocess", "workflowId": "fallback"}"#,
            ].joined(separator: ","), mocks: ["child": StepMock(output: ["ok": true], durationSeconds: 30)])
        #expect(
            simulation.policyChecks == [
                Simulation.PolicyCheck(action: "execute", workflowId: "w1", stepId: nil, versionRange: nil),
                Simulation.PolicyCheck(
                    action: "execute", workflowId: "billing", stepId: "child", versionRange: "^1.0.0"),
            ])
        #expect(Self.times(simulation, "child") == [0, 30])
    }

    @Test func theJSONFormHasEveryMember() throws {
        let simulation = try Self.simulate(
            Self.branching, input: ["region": "eu-west-1"], mocks: ["check": StepMock(output: ["score": 12])])
        let json = simulation.json
        #expect(json["status"] == "succeeded")
        #expect(json["totalSeconds"] == 7201)
        let book = json["steps"]?.arrayValue?.first { $0["id"] == "book" }
        #expect(book?["status"] == "skipped" && book?["startSeconds"] == .null && book?["attempts"] == 0)
        #expect(json["conditions"]?.arrayValue?.first?["branch"] == "then")
        #expect(json["policyChecks"]?.arrayValue?.first?["resource"] == ["type": "Workflow", "id": "w1"])
        #expect(json["cost"]?["quota"] == [:])
        #expect(json["failure"] == .null)
    }

    @Test func outputsThatCedarCannotHoldAreLeftOutOfContextWithANote() throws {
        let simulation = try Self.simulate(
            Self.branching, input: ["region": "eu-west-1"],
            mocks: ["check": StepMock(output: ["score": 12, "ratio": 0.5, "missing": nil])])
        #expect(simulation.conditions.first?.branch == .then)
        #expect(simulation.notes.contains { $0.contains("`context.steps.check.output.ratio` is `0.5`") })
    }

    @Test func mocksAreReadFromJSONWithPointersInErrors() throws {
        let mocks = try StepMock.parse(
            mocks: ["a": ["output": ["x": 1], "failAttempts": 2, "error": "e.x", "durationSeconds": 1.5], "b": [:]])
        #expect(mocks["a"] == StepMock(output: ["x": 1], failAttempts: 2, error: "e.x", durationSeconds: 1.5))
        #expect(mocks["b"] == StepMock())
        #expect(throws: WorkflowError(.invalidValue, "")) { try StepMock.parse(mocks: ["a": ["failAttempts": -1]]) }
        #expect(throws: WorkflowError(.unknownMember, "")) { try StepMock.parse(mocks: ["a": ["outputs": 1]]) }
        #expect(throws: WorkflowError(.typeMismatch, "")) { try StepMock.parse(mocks: [1]) }
        do {
            _ = try StepMock.parse(mocks: ["a/b": ["durationSeconds": "1s"]])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("`/mocks/a~1b/durationSeconds` must be a number of seconds"))
        }
    }
}
