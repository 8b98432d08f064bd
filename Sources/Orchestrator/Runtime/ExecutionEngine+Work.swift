import Foundation
import JSON
import Synchronization

extension ExecutionEngine {
    /// Runs one attempt of a step on a worker: `StepStarted` under a fresh lease, the handler,
    /// then `StepCompleted` or `StepFailed`, then the next decision.
    func launch(_ id: String, _ stepId: String, attempt: Int) {
        let task = Task {
            defer { running.withLock { _ = $0.removeValue(forKey: "\(id)/\(stepId)") } }
            await workers.acquire()
            defer { workers.release() }
            let lease = nextLease()
            do {
                try await append(id, [.stepStarted(stepId: stepId, attempt: attempt, lease: lease)])
            } catch {
                return  // cancelled or ended meanwhile: the attempt does not start
            }
            guard let execution = execution(id),
                let step = execution.machine.definition.steps.first(where: { $0.id == stepId }),
                let planned = execution.machine.plan.steps.first(where: { $0.id == stepId })
            else { return }
            let outcome: StepOutcome
            switch step.kind {
            case .task(let handler, let config):
                if let handler = handlers(handler) {
                    let invocation = StepInvocation(
                        executionId: id, stepId: stepId, attempt: attempt, config: config,
                        context: execution.state.context, timeout: .seconds(planned.timeoutSeconds))
                    outcome = await handler.run(invocation)
                } else {
                    outcome = .failure(
                        WorkflowError(.handlerUnknown, "no handler `\(handler)` is registered"), retryable: false)
                }
            default:
                outcome = .failure(
                    WorkflowError(.stepKindUnsupported, "`\(step.kind.name)` steps do not run in this build yet"),
                    retryable: false)
            }
            let event: ExecutionEvent
            switch outcome {
            case .succeeded(let output, _): event = .stepCompleted(stepId: stepId, attempt: attempt, output: output)
            case .failed(let code, let message, let retryable, _):
                event = .stepFailed(
                    stepId: stepId, attempt: attempt, code: code, message: message, retryable: retryable)
            }
            try? await append(id, [event])
            drive(id)
        }
        running.withLock { $0["\(id)/\(stepId)"] = task }
    }

    /// Stops the handlers running for an execution (they see their task cancelled).
    func stopRunning(_ id: String) {
        let tasks = running.withLock { running in running.filter { $0.key.hasPrefix(id + "/") }.map(\.value) }
        for task in tasks { task.cancel() }
    }

    /// Fires a timer at its due time (at once if it is past), then decides again.
    func arm(_ id: String, _ timerId: String, dueAt: Int64) {
        Task {
            let wait = dueAt - clock()
            if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
            try? await append(id, [.timerFired(timerId: timerId)])
            drive(id)
        }
    }

    /// Applies events to the execution (refusing any that cannot follow) and journals them, all
    /// under one lock so no other writer's events interleave; returns once they are on disk.
    func append(_ id: String, _ events: [ExecutionEvent]) async throws(WorkflowError) {
        _ = try await appendAtomically(id) { _ in events }
    }

    /// Decides what follows the execution's state and records it, in one step: two concurrent
    /// callers can never both decide from the same state.
    func decideAndAppend(_ id: String) async throws(WorkflowError) -> [ExecutionEvent] {
        try await appendAtomically(id) { execution in
            execution.state.status == .running ? execution.machine.decide(execution.state, now: clock()) : []
        }
    }

    /// Under the lock: computes events from the execution, applies them, queues their records;
    /// then waits until the last one is on disk (the journal writes in order).
    private func appendAtomically(
        _ id: String, _ events: (Execution) -> [ExecutionEvent]
    ) async throws(WorkflowError) -> [ExecutionEvent] {
        let done = OneShot<Result<Void, WorkflowError>>()
        let appended = try withState { (state) throws(WorkflowError) -> [ExecutionEvent] in
            if let failed = state.failed { throw WorkflowError(.storeFailed, "the engine stopped: \(failed.message)") }
            guard var execution = state.executions[id] else {
                throw WorkflowError(.notFound, "there is no execution `\(id)`")
            }
            let new = events(execution)
            for event in new {
                try execution.state.apply(event)
                execution.history.append(event)
            }
            state.executions[id] = execution
            for (index, event) in new.enumerated() {
                let record = JSONValue.object(["executionId": .string(id), "event": event.json])
                let isLast = index == new.count - 1
                journal.submit(record.encoded(.canonical)) { result in if isLast { done.fulfil(result) } }
            }
            return new
        }
        guard !appended.isEmpty else { return [] }
        if case .failure(let error) = await done.value {
            withState { $0.failed = error }
            throw error
        }
        return appended
    }

    /// Checks and applies a change under the lock, queues its record, then waits for the disk.
    func durable(_ record: JSONValue, _ change: (inout EngineState) throws(WorkflowError) -> Void)
        async throws(WorkflowError)
    {
        let done = OneShot<Result<Void, WorkflowError>>()
        try withState { (state) throws(WorkflowError) in
            if let failed = state.failed { throw WorkflowError(.storeFailed, "the engine stopped: \(failed.message)") }
            try change(&state)
            journal.submit(record.encoded(.canonical)) { done.fulfil($0) }
        }
        if case .failure(let error) = await done.value {
            withState { $0.failed = error }
            throw error
        }
    }

    /// Replays one journal record.
    static func replay(_ record: ArraySlice<UInt8>, into state: inout EngineState) throws(WorkflowError) {
        let value: JSONValue
        do throws(JSONError) {
            value = try JSONValue.parse(Array(record))
        } catch {
            throw WorkflowError(.storeFailed, "an execution record does not parse: \(error)")
        }
        guard let id = value["executionId"]?.stringValue, let eventJSON = value["event"] else {
            throw WorkflowError(.storeFailed, "an execution record has no `executionId` or `event`")
        }
        let event = try ExecutionEvent(json: eventJSON)
        if let definition = value["definition"] {
            guard let plan = WorkflowCompiler.compile(document: definition).plan,
                let parsed = WorkflowDefinition.parse(definition).definition
            else { throw WorkflowError(.storeFailed, "execution `\(id)`'s pinned definition no longer compiles") }
            state.executions[id] = Execution(
                id: id, tenant: value["tenant"]?.stringValue ?? "", startedBy: value["startedBy"]?.stringValue ?? "",
                definition: definition, history: [], state: ExecutionState(),
                machine: WorkflowStateMachine(definition: parsed, plan: plan))
        }
        guard var execution = state.executions[id] else {
            throw WorkflowError(.storeFailed, "an event of execution `\(id)` comes before its start")
        }
        try execution.state.apply(event)
        execution.history.append(event)
        state.executions[id] = execution
        if case .stepStarted(_, _, let lease) = event { state.nextLease = max(state.nextLease, lease + 1) }
    }
}

/// At most `limit` step attempts run at once; the rest wait their turn, in order.
final class WorkerLimit: Sendable {
    private struct Slots {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let slots: Mutex<Slots>

    init(_ limit: Int) { slots = Mutex(Slots(free: max(1, limit))) }

    func acquire() async {
        await withCheckedContinuation { continuation in
            let now = slots.withLock { slots -> Bool in
                if slots.free > 0 {
                    slots.free -= 1
                    return true
                }
                slots.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func release() {
        let next = slots.withLock { slots -> CheckedContinuation<Void, Never>? in
            if slots.waiting.isEmpty {
                slots.free += 1
                return nil
            }
            return slots.waiting.removeFirst()
        }
        next?.resume()
    }
}
