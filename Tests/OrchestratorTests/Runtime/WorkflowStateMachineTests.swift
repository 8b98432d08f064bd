import JSON
import Testing

@testable import Orchestrator

/// The execution state machine, driven by a scripted worker and clock: the history it produces,
/// and the transitions it refuses.
struct WorkflowStateMachineTests {
    /// What the scripted worker answers for a step, attempt after attempt.
    enum Outcome {
        case ok(JSONValue)
        case fail(String, retryable: Bool)
    }

    static func machine(_ json: String) throws -> WorkflowStateMachine {
        let compilation = WorkflowCompiler.compile(document: try JSONValue.parse(Array(json.utf8)))
        let plan = try #require(compilation.plan, "\(compilation.findings)")
        let (definition, _) = WorkflowDefinition.parse(try JSONValue.parse(Array(json.utf8)))
        return WorkflowStateMachine(definition: try #require(definition), plan: plan)
    }

    /// Runs to the end: decide, let the worker run what is scheduled, fire due timers, repeat.
    static func run(
        _ machine: WorkflowStateMachine, input: JSONValue = .object([:]), outcomes: [String: [Outcome]] = [:],
        cancelAfter cancelEvents: Int? = nil
    ) throws -> (history: [ExecutionEvent], state: ExecutionState, end: Int64) {
        var history: [ExecutionEvent] = [
            .executionStarted(workflowId: "w", semver: "1.0.0", definitionDigest: "d", input: input, decisionId: "x")
        ]
        var state = try ExecutionState.fold(history)
        var now: Int64 = 1000
        var scripts = outcomes
        var lease: UInt64 = 1
        func append(_ event: ExecutionEvent) throws {
            try state.apply(event)
            history.append(event)
        }
        for _ in 0..<200 where !state.status.isTerminal {
            for event in machine.decide(state, now: now, jitter: { 0 }) { try append(event) }
            if let cancelEvents, history.count >= cancelEvents, !state.cancelRequested, !state.status.isTerminal {
                try append(.cancelRequested(by: "op"))
                continue
            }
            var worked = false
            // A worker takes only what is scheduled in a live execution (a cancel abandons the rest).
            for (id, status) in state.steps.sorted(by: { $0.key < $1.key }) where !state.status.isTerminal {
                guard case .scheduled(let attempt) = status else { continue }
                try append(.stepStarted(stepId: id, attempt: attempt, lease: lease))
                lease += 1
                let outcome =
                    scripts[id]?.isEmpty == false ? scripts[id]!.removeFirst() : .ok(.object(["by": .string(id)]))
                switch outcome {
                case .ok(let output): try append(.stepCompleted(stepId: id, attempt: attempt, output: output))
                case .fail(let code, let retryable):
                    try append(
                        .stepFailed(stepId: id, attempt: attempt, code: code, message: "scripted", retryable: retryable)
                    )
                }
                worked = true
            }
            if !worked, let next = state.timers.min(by: { $0.value.dueAt < $1.value.dueAt }) {
                now = max(now, next.value.dueAt)
                try append(.timerFired(timerId: next.key))
            }
        }
        return (history, state, now)
    }

    static let linear = """
        {"name": "l", "steps": [
          {"id": "a", "kind": "task", "handler": "noop", "timeout": "1s"},
          {"id": "b", "kind": "task", "handler": "noop", "timeout": "1s", "needs": ["a"]},
          {"id": "c", "kind": "task", "handler": "noop", "timeout": "1s", "needs": ["b"]}]}
        """

    @Test func runsStepsInDependencyOrderAndCompletes() throws {
        let (history, state, _) = try Self.run(try Self.machine(Self.linear))
        #expect(state.status == .succeeded)
        let scheduled = history.compactMap { if case .stepScheduled(let id, _) = $0 { id } else { nil } }
        #expect(scheduled == ["a", "b", "c"])
        #expect(history.last == .executionCompleted)
        #expect(try ExecutionState.fold(history) == state)  // replaying the history gives the same state
    }

    @Test func takesOneBranchAndSkipsTheOtherAndWhatNeedsIt() throws {
        let machine = try Self.machine(
            """
            {"name": "c", "inputs": {"type": "object", "properties": {"amount": {"type": "integer"}}}, "steps": [
              {"id": "big", "kind": "condition", "expression": "context.input.amount > 100", "then": ["approve"], "else": ["book"]},
              {"id": "approve", "kind": "task", "handler": "noop", "timeout": "1s"},
              {"id": "book", "kind": "task", "handler": "noop", "timeout": "1s"},
              {"id": "notify", "kind": "task", "handler": "noop", "timeout": "1s", "needs": ["book"]}]}
            """)
        let (history, state, _) = try Self.run(machine, input: ["amount": 500])
        #expect(state.status == .succeeded)
        #expect(state.branches["big"] == true)
        #expect(history.contains(.conditionEvaluated(stepId: "big", value: true)))
        guard case .skipped(let reason)? = state.steps["book"], case .skipped(let because)? = state.steps["notify"]
        else {
            Issue.record("book and notify should be skipped: \(state.steps)")
            return
        }
        #expect(reason == "the condition `big` took `then`")
        #expect(because == "it needs `book`, which was skipped")
        guard case .succeeded? = state.steps["approve"] else { Issue.record("approve did not run"); return }
    }

    @Test func retriesAfterItsBackoffWithNewAttemptNumbers() throws {
        let machine = try Self.machine(
            """
            {"name": "r", "steps": [{"id": "call", "kind": "task", "handler": "http", "timeout": "1s",
              "retry": {"maxAttempts": 3, "initialBackoff": "2s", "multiplier": 3, "jitter": 0}}]}
            """)
        let (history, state, end) = try Self.run(
            machine,
            outcomes: ["call": [.fail("http.503", retryable: true), .fail("http.503", retryable: true), .ok("done")]])
        #expect(state.status == .succeeded)
        let timers = history.compactMap {
            if case .timerScheduled(let id, _, let due) = $0 { "\(id)@\(due)" } else { nil }
        }
        #expect(timers == ["retry:call:1@1002", "retry:call:2@1008"])  // 2 s, then 2 × 3 s
        let attempts = history.compactMap { if case .stepStarted(_, let attempt, _) = $0 { attempt } else { nil } }
        #expect(attempts == [1, 2, 3])
        #expect(end == 1008)
    }

    @Test func failsWhenRetriesAreExhaustedOrTheErrorIsPermanent() throws {
        let retrying = try Self.machine(
            #"{"name": "r", "steps": [{"id": "s", "kind": "task", "handler": "h", "timeout": "1s", "retry": {"maxAttempts": 2}}]}"#
        )
        let exhausted = try Self.run(
            retrying, outcomes: ["s": [.fail("x", retryable: true), .fail("x", retryable: true)]])
        #expect(exhausted.state.status == .failed)
        #expect(exhausted.history.last == .executionFailed(stepId: "s", code: "x", message: "scripted"))
        let permanent = try Self.run(retrying, outcomes: ["s": [.fail("bad_request", retryable: false)]])
        #expect(permanent.state.status == .failed)
        #expect(!permanent.history.contains { if case .timerScheduled = $0 { true } else { false } })
    }

    @Test func cancelsOnceRunningStepsHaveStopped() throws {
        let (history, state, _) = try Self.run(try Self.machine(Self.linear), cancelAfter: 4)
        #expect(state.status == .cancelled)
        #expect(history.last == .executionCancelled)
        #expect(!history.contains(.stepScheduled(stepId: "c", attempt: 1)))
    }

    @Test func waitsOutADelayOnATimer() throws {
        let machine = try Self.machine(
            """
            {"name": "d", "steps": [{"id": "wait", "kind": "delay", "duration": "90s"},
              {"id": "after", "kind": "task", "handler": "noop", "timeout": "1s", "needs": ["wait"]}]}
            """)
        let (history, state, end) = try Self.run(machine)
        #expect(state.status == .succeeded && end == 1090)
        #expect(history.contains(.timerScheduled(timerId: "delay:wait", stepId: "wait", dueAt: 1090)))
    }

    @Test func refusesTransitionsThatCannotFollowTheHistory() throws {
        let started: [ExecutionEvent] = [
            .executionStarted(workflowId: "w", semver: "1.0.0", definitionDigest: "d", input: [:], decisionId: "x")
        ]
        for bad in [
            [ExecutionEvent.stepCompleted(stepId: "a", attempt: 1, output: [:])],
            [.stepScheduled(stepId: "a", attempt: 2)],
            [.stepScheduled(stepId: "a", attempt: 1), .stepStarted(stepId: "a", attempt: 2, lease: 1)],
            [.timerFired(timerId: "t")],
            [.executionCancelled],
            [.executionFailed(stepId: "a", code: "c", message: "m"), .stepScheduled(stepId: "a", attempt: 1)],
        ] {
            #expect(throws: WorkflowError(.illegalTransition, "")) { try ExecutionState.fold(started + bad) }
        }
        #expect(throws: WorkflowError(.illegalTransition, "")) {
            try ExecutionState.fold([.stepScheduled(stepId: "a", attempt: 1)])
        }
    }
}

struct ExecutionEventJSONTests {
    @Test func everyEventRoundTripsThroughJSON() throws {
        let events: [ExecutionEvent] = [
            .executionStarted(
                workflowId: "w", semver: "1.2.3", definitionDigest: "sha256:00", input: ["a": 1], decisionId: "d"),
            .stepScheduled(stepId: "s", attempt: 2), .stepStarted(stepId: "s", attempt: 2, lease: 9),
            .stepCompleted(stepId: "s", attempt: 2, output: ["ok": true]),
            .stepFailed(stepId: "s", attempt: 1, code: "x", message: "m", retryable: true),
            .conditionEvaluated(stepId: "c", value: false), .stepSkipped(stepId: "t", reason: "r"),
            .timerScheduled(timerId: "retry:s:1", stepId: "s", dueAt: 1_700_000_000), .timerFired(timerId: "retry:s:1"),
            .cancelRequested(by: "op"), .executionCompleted, .executionFailed(stepId: "s", code: "x", message: "m"),
            .executionCancelled,
        ]
        for event in events {
            let text = event.json.encoded(.canonical)
            #expect(try ExecutionEvent(json: try JSONValue.parse(text)) == event, "\(event.name)")
        }
        #expect(throws: WorkflowError(.storeFailed, "")) { try ExecutionEvent(json: ["type": "Nonsense"]) }
        #expect(throws: WorkflowError(.storeFailed, "")) { try ExecutionEvent(json: ["type": "StepScheduled"]) }
    }
}
