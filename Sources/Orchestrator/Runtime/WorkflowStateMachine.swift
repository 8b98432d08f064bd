import Foundation
import JSON
import PolicyEngine

/// Decides what happens next in an execution from its plan and its state — deterministic apart
/// from the retry jitter, which is recorded in the events it returns. It never runs a handler:
/// workers report `StepStarted/Completed/Failed`, the timer loop reports `TimerFired`, and the
/// runtime appends what ``decide(now:)`` returns, then asks again.
public struct WorkflowStateMachine: Sendable {
    public let definition: WorkflowDefinition
    public let plan: WorkflowPlan
    private let steps: [String: WorkflowDefinition.Step]
    private let planned: [String: WorkflowPlan.PlannedStep]

    public init(definition: WorkflowDefinition, plan: WorkflowPlan) {
        self.definition = definition
        self.plan = plan
        steps = Dictionary(definition.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        planned = Dictionary(plan.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The events that follow from `state` at time `now` (seconds since the epoch), in order.
    /// Applying them and asking again eventually returns nothing until a worker or timer reports.
    /// - Parameter jitter: a fraction in 0..<1 per retry (random in production, fixed in tests).
    public func decide(
        _ state: ExecutionState, now: Int64, jitter: () -> Double = { Double.random(in: 0..<1) }
    ) -> [ExecutionEvent] {
        let round = Round(state)
        guard state.status == .running else { return [] }
        var changed = true
        while changed && round.state.status == .running {
            let before = round.events.count
            decideOnce(round, now: now, jitter: jitter)
            changed = round.events.count > before
        }
        return round.events
    }

    /// The state as the round's events change it, and those events.
    private final class Round {
        var state: ExecutionState
        var events: [ExecutionEvent] = []
        init(_ state: ExecutionState) { self.state = state }

        /// Every event here follows from the state by construction; one the state refuses would be
        /// a bug in the decider, and dropping it (ending the round) is the safe answer.
        func emit(_ event: ExecutionEvent) {
            if (try? state.apply(event)) != nil { events.append(event) }
        }
    }

    private func decideOnce(_ round: Round, now: Int64, jitter: () -> Double) {
        let emit = round.emit
        var state: ExecutionState { round.state }
        let running = state.steps.values.contains { if case .running = $0 { true } else { false } }
        if state.cancelRequested {
            if !running { emit(.executionCancelled) }
            return
        }
        for planStep in plan.steps {
            let id = planStep.id
            switch state.steps[id] ?? .waiting {
            case .failed(let attempt, let code, let message, let retryable):
                if retryable && attempt < planStep.maxAttempts {
                    let base = min(
                        planStep.initialBackoffSeconds * pow(planStep.multiplier, Double(attempt - 1)),
                        max(planStep.maxBackoffSeconds, planStep.initialBackoffSeconds))
                    let delay = base * (1 + planStep.jitter * jitter())
                    emit(
                        .timerScheduled(
                            timerId: "retry:\(id):\(attempt)", stepId: id, dueAt: now + Int64(delay.rounded(.up))))
                } else {
                    emit(.executionFailed(stepId: id, code: code, message: message))
                    return
                }
            case .backingOff(let attempt, let timerId) where state.timers[timerId] == nil:
                emit(.stepScheduled(stepId: id, attempt: attempt + 1))
            case .running(let attempt, _):
                // A delay is a timer, not a worker: it completes once its timer has fired.
                if case .delay? = steps[id]?.kind, state.delaysScheduled.contains(id),
                    state.timers["delay:\(id)"] == nil
                {
                    emit(.stepCompleted(stepId: id, attempt: attempt, output: .object([:])))
                }
            case .waiting:
                decideWaiting(id, planStep, round, now: now)
            default:
                break
            }
        }
        if state.steps.count == plan.steps.count && state.steps.values.allSatisfy(\.isFinished) {
            emit(.executionCompleted)
        }
    }

    private func decideWaiting(_ id: String, _ planStep: WorkflowPlan.PlannedStep, _ round: Round, now: Int64) {
        let emit = round.emit
        var state: ExecutionState { round.state }
        // A branch not taken: skip it.
        for owner in planStep.dependsOn {
            guard let value = state.branches[owner], case .condition(_, let then, let otherwise)? = steps[owner]?.kind
            else { continue }
            let taken = value ? then : otherwise
            let untaken = value ? otherwise : then
            if untaken.contains(id) && !taken.contains(id) {
                emit(.stepSkipped(stepId: id, reason: "the condition `\(owner)` took `\(value ? "then" : "else")`"))
                return
            }
        }
        var ready = true
        for dependency in planStep.dependsOn {
            switch state.steps[dependency] ?? .waiting {
            case .succeeded: continue
            case .skipped:
                emit(.stepSkipped(stepId: id, reason: "it needs `\(dependency)`, which was skipped"))
                return
            default: ready = false
            }
        }
        guard ready, let step = steps[id] else { return }
        emit(.stepScheduled(stepId: id, attempt: 1))
        switch step.kind {
        case .condition(let expression, _, _):
            // Conditions take no time: decided here, recorded as an attempt like any step.
            emit(.stepStarted(stepId: id, attempt: 1, lease: 0))
            switch evaluate(expression, state) {
            case .success(let value):
                emit(.conditionEvaluated(stepId: id, value: value))
                emit(.stepCompleted(stepId: id, attempt: 1, output: .object(["value": .bool(value)])))
            case .failure(let error):
                emit(
                    .stepFailed(
                        stepId: id, attempt: 1, code: error.code.rawValue, message: error.message, retryable: false))
            }
        case .delay(let seconds, _):
            emit(.stepStarted(stepId: id, attempt: 1, lease: 0))
            emit(.timerScheduled(timerId: "delay:\(id)", stepId: id, dueAt: now + (seconds ?? 0)))
        default:
            break  // a worker takes it from here
        }
    }

    /// A condition's value over `context` = `{input, steps: {id: {output}}, env}`.
    func evaluate(_ text: String, _ state: ExecutionState) -> Result<Bool, PolicyError> {
        let context = state.context
        do throws(PolicyError) {
            let evaluator = try ExpressionEvaluator(parsing: text)
            guard case .bool(let value) = try evaluator.evaluate(context: context) else {
                return .failure(PolicyError(.typeError, "the condition did not produce a boolean"))
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}
