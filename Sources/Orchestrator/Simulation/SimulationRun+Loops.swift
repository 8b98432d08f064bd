import PolicyEngine

extension SimulationRun {
    /// A `forEach` loop: the body once per element of the set, `concurrency` iterations per round.
    mutating func runForEach(_ planned: WorkflowPlan.PlannedStep, _ text: String, maxIterations: Int?, at begin: Double)
    {
        let context = context(at: begin)
        let expression: Expression
        switch Self.parse(text, expecting: .set) {
        case .failure(let error):
            return failLoop(planned, text, Self.stepError(error), at: begin, because: error.message)
        case .success(let parsed): expression = parsed
        }
        let elements: Set<Value>
        do throws(PolicyError) {
            let value = try ExpressionEvaluator(expression).evaluate(context: context)
            guard case .set(let set) = value else {
                throw PolicyError(.typeError, "type error: expected Set, got \(value.typeName)", at: expression.span)
            }
            elements = set
        } catch {
            return failLoop(
                planned, text, Self.stepError(error), at: begin,
                because: ExpressionContext.because(expression, error: error, context: context))
        }
        var count = elements.count
        var because = ExpressionContext.because(expression, value: .set(elements), context: context)
        because += ": \(count) element\(count == 1 ? "" : "s")"
        if let maxIterations, count > maxIterations {
            count = maxIterations
            because += ", capped at `maxIterations` (\(maxIterations))"
        }
        guard count > 0 else { return runNoIterations(planned, text, at: begin, because: because) }
        let concurrency = max(planned.fanOut, 1)
        let (duration, failure) = runFirstIteration(planned, at: begin)
        if let failure {
            return bodyFailed(planned, text, failure, iterations: min(concurrency, count), at: begin, because: because)
        }
        let rounds = (count + concurrency - 1) / concurrency
        because += "; \(rounds) round\(rounds == 1 ? "" : "s") of at most \(concurrency) (`concurrency`)"
        finishLoop(
            planned, text, iterations: count, rounds: rounds, iterationSeconds: duration, at: begin, because: because)
    }

    /// A `while` loop: the body one iteration after another while the expression holds, with
    /// `context.iteration` the number of iterations finished, at most `maxIterations` times.
    mutating func runWhile(_ planned: WorkflowPlan.PlannedStep, _ text: String, maxIterations: Int, at begin: Double) {
        let expression: Expression
        switch Self.parse(text, expecting: .boolean) {
        case .failure(let error):
            return failLoop(planned, text, Self.stepError(error), at: begin, because: error.message)
        case .success(let parsed): expression = parsed
        }
        let evaluator: ExpressionEvaluator
        do throws(PolicyError) {
            evaluator = try ExpressionEvaluator(expression)
        } catch {
            return failLoop(planned, text, Self.stepError(error), at: begin, because: error.message)
        }
        if planned.fanOut > 1 {
            note("a `while` loop runs one iteration at a time; its `concurrency` does not apply")
        }
        let first = context(at: begin, iteration: 0)
        switch Self.holds(evaluator, first) {
        case .failure(let error):
            return failLoop(
                planned, text, Self.stepError(error), at: begin,
                because: ExpressionContext.because(expression, error: error, context: first))
        case .success(false):
            return runNoIterations(
                planned, text, at: begin, because: "the expression is `false` before the first iteration")
        case .success(true): break
        }
        let (duration, failure) = runFirstIteration(planned, at: begin)
        if let failure {
            return bodyFailed(
                planned, text, failure, iterations: 1, at: begin, because: "the expression held before iteration 1")
        }
        // Later checks see what had finished when the first iteration did; the mocks make every
        // iteration alike, so only `context.iteration` changes.
        var later = context(at: begin + duration, iteration: 1)
        let formatted = Formatter.format(expression)
        let readsIteration = formatted.contains("context.iteration") || formatted.contains("context has iteration")
        var iterations = 1
        var because: String?
        var loopError: PolicyError?
        while iterations < maxIterations {
            later["iteration"] = .long(Int64(iterations))
            switch Self.holds(evaluator, later) {
            case .success(true): iterations = readsIteration ? iterations + 1 : maxIterations
            case .success(false): because = "the expression held before \(iterations) iteration(s), then was `false`"
            case .failure(let error):
                loopError = error
                because = ExpressionContext.because(expression, error: error, context: later)
            }
            if because != nil { break }
        }
        finishLoop(
            planned, text, iterations: iterations, rounds: iterations, iterationSeconds: duration, at: begin,
            because: because ?? "the expression held before each iteration; `maxIterations` (\(maxIterations)) stops it"
        )
        if let loopError, var result = results[planned.id] {
            let failure = Self.stepError(loopError)
            result.status = .failed
            result.error = failure
            results[planned.id] = result
            failures.append(
                Simulation.Failure(stepId: planned.id, atSeconds: result.endSeconds ?? begin, error: failure))
        }
    }

    /// The body once, from `begin`: how long one iteration takes and the first failure in it.
    private mutating func runFirstIteration(_ planned: WorkflowPlan.PlannedStep, at begin: Double)
        -> (seconds: Double, failure: Simulation.Failure?)
    {
        let failuresBefore = failures.count
        run(region: members(of: planned.id), owner: planned.id, start: begin)
        let ends = subtree(of: planned.id).dropFirst().compactMap { results[$0]?.endSeconds }
        let failure = failures.dropFirst(failuresBefore).min { $0.atSeconds < $1.atSeconds }
        return ((ends.max() ?? begin) - begin, failure)
    }

    /// Scales the first iteration to all of them and records the loop.
    private mutating func finishLoop(
        _ planned: WorkflowPlan.PlannedStep, _ text: String, iterations: Int, rounds: Int, iterationSeconds: Double,
        at begin: Double, because: String
    ) {
        scale(planned, by: iterations, shift: Double(rounds - 1) * iterationSeconds)
        loops.append(
            Simulation.LoopResult(
                id: planned.id, expression: text, iterations: iterations, batches: rounds, because: because))
        succeed(
            planned, from: begin, to: begin + Double(rounds) * iterationSeconds, attempts: 1, busySeconds: 0,
            output: nil)
    }

    /// The body failed in its first round: the loop fails there, with the body step's error.
    private mutating func bodyFailed(
        _ planned: WorkflowPlan.PlannedStep, _ text: String, _ failure: Simulation.Failure, iterations: Int,
        at begin: Double, because: String
    ) {
        scale(planned, by: iterations, shift: 0)
        loops.append(
            Simulation.LoopResult(
                id: planned.id, expression: text, iterations: iterations, batches: 1,
                because: because + "; body step `\(failure.stepId)` failed in the first round"))
        let error = Simulation.StepError(
            code: failure.error.code, message: "body step `\(failure.stepId)` failed: \(failure.error.message)",
            isPermanent: failure.error.isPermanent)
        fail(planned, error: error, from: begin, to: failure.atSeconds, attempts: 1, busySeconds: 0, isDerived: true)
    }

    private mutating func runNoIterations(
        _ planned: WorkflowPlan.PlannedStep, _ text: String, at begin: Double, because: String
    ) {
        for id in subtree(of: planned.id).dropFirst() { skip(id, "its loop `\(planned.id)` ran no iterations") }
        loops.append(
            Simulation.LoopResult(id: planned.id, expression: text, iterations: 0, batches: 0, because: because))
        succeed(planned, from: begin, to: begin, attempts: 1, busySeconds: 0, output: nil)
    }

    private mutating func failLoop(
        _ planned: WorkflowPlan.PlannedStep, _ text: String, _ error: Simulation.StepError, at time: Double,
        because: String
    ) {
        for id in subtree(of: planned.id).dropFirst() {
            skip(id, "its loop `\(planned.id)` failed before its body ran")
        }
        loops.append(
            Simulation.LoopResult(id: planned.id, expression: text, iterations: 0, batches: 0, because: because))
        fail(planned, error: error, from: time, to: time, attempts: 1, busySeconds: 0)
    }

    /// Multiplies what the body's steps did by the iterations, and moves their ends to the last round's.
    private mutating func scale(_ loop: WorkflowPlan.PlannedStep, by count: Int, shift: Double) {
        for id in subtree(of: loop.id).dropFirst() {
            guard var result = results[id], result.status != .skipped else { continue }
            result.attempts = Int(Self.product(Int64(result.attempts), Int64(count)))
            result.iterations = Int(Self.product(Int64(result.iterations), Int64(count)))
            result.busySeconds *= Double(count)
            result.endSeconds = result.endSeconds.map { $0 + shift }
            results[id] = result
        }
    }

    /// Whether a `while` expression holds over `context`.
    private static func holds(_ evaluator: ExpressionEvaluator, _ context: Record) -> Result<Bool, PolicyError> {
        do throws(PolicyError) {
            let value = try evaluator.evaluate(context: context)
            guard case .bool(let flag) = value else {
                throw PolicyError(.typeError, "type error: expected Bool, got \(value.typeName)")
            }
            return .success(flag)
        } catch {
            return .failure(error)
        }
    }

    static func stepError(_ error: PolicyError) -> Simulation.StepError {
        Simulation.StepError(code: error.code.rawValue, message: error.message, isPermanent: true)
    }
}
