import Foundation
import JSON
import Synchronization

/// Runs admitted executions durably: every event goes to a journal before it takes effect, ready
/// steps run on a bounded pool of workers, timers are due times in the history, and opening the
/// engine again resumes every execution where it stopped (a step cut off mid-attempt runs again
/// as the same attempt, with the same idempotency key).
public final class ExecutionEngine: Sendable {
    /// An execution as the engine keeps it.
    public struct Execution: Sendable {
        public var id: String
        public var tenant: String
        public var startedBy: String
        public var definition: JSONValue
        public var history: [ExecutionEvent]
        public var state: ExecutionState
        public let machine: WorkflowStateMachine
    }

    struct EngineState {
        var executions: [String: Execution] = [:]
        var nextLease: UInt64 = 1
        var failed: WorkflowError?
    }

    private let state = Mutex(EngineState())
    let journal: RecordJournal
    let handlers: @Sendable (String) -> (any StepHandler)?
    let workers: WorkerLimit
    let clock: @Sendable () -> Int64
    /// The worker task of each running attempt, by `executionId/stepId`, so a cancel can stop it.
    let running = Mutex<[String: Task<Void, Never>]>([:])

    func withState<T>(_ body: (inout EngineState) throws(WorkflowError) -> T) throws(WorkflowError) -> T {
        try state.withLock { (state) throws(WorkflowError) -> T in try body(&state) }
    }

    func withState<T>(_ body: (inout EngineState) -> T) -> T { state.withLock { body(&$0) } }

    func nextLease() -> UInt64 {
        state.withLock { state in
            defer { state.nextLease += 1 }
            return state.nextLease
        }
    }

    /// Opens `<directory>/executions.journal` and replays it; call ``resume()`` to continue.
    public init(
        directory: String, maxConcurrentSteps: Int = 64, clock: @escaping @Sendable () -> Int64,
        handlers: @escaping @Sendable (String) -> (any StepHandler)?
    ) throws(WorkflowError) {
        var replayed = EngineState()
        var problem: WorkflowError?
        journal = try RecordJournal(path: directory + "/executions.journal") { record in
            guard problem == nil else { return }
            do throws(WorkflowError) {
                try Self.replay(record, into: &replayed)
            } catch {
                problem = error
            }
        }
        if let problem { throw problem }
        state.withLock { $0 = replayed }
        self.handlers = handlers
        self.clock = clock
        workers = WorkerLimit(maxConcurrentSteps)
    }

    public func close() { journal.close() }

    public func execution(_ id: String) -> Execution? { state.withLock { $0.executions[id] } }

    public func executions(tenant: String) -> [Execution] {
        state.withLock { $0.executions.values.filter { $0.tenant == tenant } }.sorted { $0.id < $1.id }
    }

    /// Starts an execution; returns once `ExecutionStarted` is durable (the work goes on after).
    public func start(
        id: String, tenant: String, startedBy: String, definition: JSONValue, workflowId: String, semver: String,
        definitionDigest: String, input: JSONValue, decisionId: String
    ) async throws(WorkflowError) {
        let compilation = WorkflowCompiler.compile(document: definition)
        guard let plan = compilation.plan, let parsed = WorkflowDefinition.parse(definition).definition else {
            throw WorkflowError(.invalid, "the version does not compile: \(compilation.errors.first?.message ?? "")")
        }
        let started = ExecutionEvent.executionStarted(
            workflowId: workflowId, semver: semver, definitionDigest: definitionDigest, input: input,
            decisionId: decisionId)
        let record: JSONValue = .object([
            "executionId": .string(id), "tenant": .string(tenant), "startedBy": .string(startedBy),
            "definition": definition, "event": started.json,
        ])
        try await durable(record) { (state) throws(WorkflowError) in
            guard state.executions[id] == nil else { throw WorkflowError(.stateConflict, "execution `\(id)` exists") }
            var execution = Execution(
                id: id, tenant: tenant, startedBy: startedBy, definition: definition, history: [],
                state: ExecutionState(),
                machine: WorkflowStateMachine(definition: parsed, plan: plan))
            try execution.state.apply(started)
            execution.history.append(started)
            state.executions[id] = execution
        }
        drive(id)
    }

    /// Asks for cancellation: running steps finish (their handlers see the task cancelled), no
    /// new step starts, and the execution ends `cancelled`.
    public func cancel(_ id: String, by user: String) async throws(WorkflowError) {
        try await append(id, [.cancelRequested(by: user)])
        stopRunning(id)
        drive(id)
    }

    /// Continues every execution that had not ended: re-runs steps cut off mid-attempt, re-arms
    /// timers, and decides what is next. Call once after opening.
    public func resume() {
        let live = state.withLock { $0.executions.values.filter { !$0.state.status.isTerminal } }
        for execution in live {
            for (stepId, status) in execution.state.steps {
                if case .running(let attempt, _) = status, !Self.isInline(execution, stepId) {
                    launch(execution.id, stepId, attempt: attempt)
                }
            }
            for (timerId, timer) in execution.state.timers { arm(execution.id, timerId, dueAt: timer.dueAt) }
            drive(execution.id)
        }
    }

    // MARK: The loop

    /// Decides and records what follows, then starts the steps that became ready and the timers.
    func drive(_ id: String) {
        Task {
            let events: [ExecutionEvent]
            do {
                events = try await decideAndAppend(id)
            } catch {
                return  // the store has failed; a restart resumes from the journal
            }
            guard !events.isEmpty, let execution = execution(id) else { return }
            for event in events {
                switch event {
                case .stepScheduled(let stepId, let attempt) where !Self.isInline(execution, stepId):
                    launch(id, stepId, attempt: attempt)
                case .timerScheduled(let timerId, _, let dueAt):
                    arm(id, timerId, dueAt: dueAt)
                default: break
                }
            }
            drive(id)
        }
    }

    /// Conditions and delays are decided by the state machine, not run by a worker.
    private static func isInline(_ execution: Execution, _ stepId: String) -> Bool {
        switch execution.machine.definition.steps.first(where: { $0.id == stepId })?.kind {
        case .condition, .delay, nil: true
        default: false
        }
    }
}
