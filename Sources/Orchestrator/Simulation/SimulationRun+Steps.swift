import JSON
import PolicyEngine

extension SimulationRun {
    /// Simulates one step that is ready at `begin`.
    mutating func runStep(_ step: WorkflowDefinition.Step, _ planned: WorkflowPlan.PlannedStep, at begin: Double) {
        switch step.kind {
        case .task, .subprocess:
            runAttempts(planned, at: begin, duration: mocks[step.id]?.durationSeconds ?? 1)
        case .human(_, _, let dueIn, _):
            if let mocked = mocks[step.id]?.durationSeconds {
                runAttempts(planned, at: begin, duration: mocked)
            } else if let dueIn {
                runAttempts(
                    planned, at: begin, duration: Double(dueIn),
                    note: "no mocked `durationSeconds`: the person answers when it is due (`dueIn`, \(dueIn) s)")
            } else {
                runAttempts(planned, at: begin, duration: 1, note: "no mocked `durationSeconds` and no `dueIn`: 1 s")
            }
        case .delay(let seconds, let until):
            let duration = Double(seconds ?? 0)
            succeed(
                planned, from: begin, to: begin + duration, attempts: 1, busySeconds: duration, output: nil,
                note: until.map { "`until` (`\($0)`) is a wall-clock time; the simulation takes it as reached: 0 s" })
        case .condition(let expression, let then, let otherwise):
            evaluateCondition(planned, expression, then: then, otherwise: otherwise, at: begin)
        case .loop(let forEach, let whileExpression, _, let maxIterations, _):
            if let forEach {
                runForEach(planned, forEach, maxIterations: maxIterations, at: begin)
            } else if let whileExpression {
                runWhile(planned, whileExpression, maxIterations: maxIterations ?? 1, at: begin)
            }
        }
    }

    /// Attempts until one succeeds, a failure is not retryable, or the attempts run out; each takes
    /// `duration` (cut at the timeout), with the backoff waited between them.
    mutating func runAttempts(
        _ planned: WorkflowPlan.PlannedStep, at begin: Double, duration: Double, note: String? = nil
    ) {
        let mock = mocks[planned.id] ?? StepMock()
        let timeout = Double(planned.timeoutSeconds)
        var time = begin
        var busy = 0.0
        var attempt = 0
        var backoff = planned.initialBackoffSeconds
        while true {
            attempt += 1
            var failure: Simulation.StepError?
            if duration > timeout {
                time += timeout
                busy += timeout
                failure = Simulation.StepError(
                    code: StepMock.timeoutCode,
                    message: "attempt \(attempt) would take \(Self.seconds(duration)) s, past the step's timeout of "
                        + "\(planned.timeoutSeconds) s")
            } else {
                time += duration
                busy += duration
                if let code = mock.error {
                    failure = Simulation.StepError(
                        code: code, message: "attempt \(attempt) fails with the mocked error `\(code)`")
                } else if attempt <= mock.failAttempts {
                    failure = Simulation.StepError(
                        code: StepMock.failedAttemptCode,
                        message: "attempt \(attempt) fails: the mock fails the first \(mock.failAttempts)")
                }
            }
            guard var failure else {
                succeed(
                    planned, from: begin, to: time, attempts: attempt, busySeconds: busy,
                    output: mock.output ?? .object([:]), note: note)
                return
            }
            if planned.nonRetryable.contains(failure.code) {
                failure.isPermanent = true
                failure.message += "; `\(failure.code)` is not retryable"
            } else if attempt >= planned.maxAttempts {
                if attempt > 1 { failure.message += "; all \(attempt) attempts failed" }
            } else {
                // Jitter would add up to `jitter × backoff` at random; the simulation waits the exact backoff.
                time += planned.maxBackoffSeconds > 0 ? min(backoff, planned.maxBackoffSeconds) : backoff
                backoff *= planned.multiplier
                if planned.maxBackoffSeconds > 0 { backoff = min(backoff, planned.maxBackoffSeconds) }
                if planned.jitter > 0 {
                    self.note(
                        "jitter is not simulated: each retry waits exactly `initialBackoff × multiplier^(n-1)`, "
                            + "capped at `maxBackoff`")
                }
                continue
            }
            fail(planned, error: failure, from: begin, to: time, attempts: attempt, busySeconds: busy, note: note)
            return
        }
    }

    /// Evaluates a condition at `begin` and records which branch it takes.
    mutating func evaluateCondition(
        _ planned: WorkflowPlan.PlannedStep, _ text: String, then: [String], otherwise: [String], at begin: Double
    ) {
        let context = context(at: begin)
        let expression: Expression
        switch Self.parse(text, expecting: .boolean) {
        case .failure(let error):
            conditions.append(
                Simulation.ConditionResult(
                    id: planned.id, expression: text, value: nil, branch: nil,
                    because: "the expression does not parse: \(error.message)", error: Self.stepError(error)))
            fail(planned, error: Self.stepError(error), from: begin, to: begin, attempts: 1, busySeconds: 0)
            return
        case .success(let parsed): expression = parsed
        }
        do throws(PolicyError) {
            let value = try ExpressionEvaluator(expression).evaluate(context: context)
            guard case .bool(let flag) = value else {
                throw PolicyError(.typeError, "type error: expected Bool, got \(value.typeName)", at: expression.span)
            }
            let branch: Simulation.ConditionResult.Branch = flag ? .then : .else
            conditions.append(
                Simulation.ConditionResult(
                    id: planned.id, expression: text, value: value.json, branch: branch,
                    because: ExpressionContext.because(expression, value: value, context: context)
                        + "; it takes `\(branch.rawValue)`",
                    error: nil))
            untaken[planned.id] = (branch, Set(flag ? otherwise : then).subtracting(flag ? then : otherwise))
            succeed(planned, from: begin, to: begin, attempts: 1, busySeconds: 0, output: nil)
        } catch {
            let failure = Self.stepError(error)
            conditions.append(
                Simulation.ConditionResult(
                    id: planned.id, expression: text, value: nil, branch: nil,
                    because: ExpressionContext.because(expression, error: error, context: context), error: failure))
            fail(planned, error: failure, from: begin, to: begin, attempts: 1, busySeconds: 0)
        }
    }

    /// A condition's or a loop's expression, parsed as the compiler parsed it.
    static func parse(_ text: String, expecting expected: ConditionExpression.Expected)
        -> Result<Expression, WorkflowError>
    {
        do throws(WorkflowError) {
            return .success(try ConditionExpression.parse(text, expecting: expected).expression)
        } catch {
            return .failure(error)
        }
    }

    static func stepError(_ error: WorkflowError) -> Simulation.StepError {
        Simulation.StepError(code: error.code.rawValue, message: error.message, isPermanent: true)
    }

    mutating func succeed(
        _ planned: WorkflowPlan.PlannedStep, from begin: Double, to end: Double, attempts: Int, busySeconds: Double,
        output: JSONValue?, note: String? = nil
    ) {
        if let output {
            var dropped: [String] = []
            outputs[planned.id] =
                ExpressionContext.value(output, path: "context.steps.\(planned.id).output", dropped: &dropped)
                ?? .record([:])
            if let text = ExpressionContext.droppedNote(dropped) { self.note(text) }
        }
        results[planned.id] = Simulation.StepResult(
            id: planned.id, kind: planned.kind, status: .succeeded, attempts: attempts, iterations: 1,
            startSeconds: begin, endSeconds: end, output: output, error: nil, note: note, busySeconds: busySeconds)
    }

    /// Records a step's failure, which is a failure of the execution unless it is a loop's derived one.
    mutating func fail(
        _ planned: WorkflowPlan.PlannedStep, error: Simulation.StepError, from begin: Double, to end: Double,
        attempts: Int, busySeconds: Double, note: String? = nil, isDerived: Bool = false
    ) {
        results[planned.id] = Simulation.StepResult(
            id: planned.id, kind: planned.kind, status: .failed, attempts: attempts, iterations: 1,
            startSeconds: begin, endSeconds: end, output: nil, error: error, note: note, busySeconds: busySeconds)
        if !isDerived { failures.append(Simulation.Failure(stepId: planned.id, atSeconds: end, error: error)) }
    }

    /// `3`, or `2.5`: seconds as people write them.
    static func seconds(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
