import JSON

/// An execution's state: the fold of its history. ``apply(_:)`` refuses events that cannot follow
/// the ones before (a completion for an attempt that never started, anything after the end), so
/// a corrupt or replayed-out-of-order history is caught, not believed.
public struct ExecutionState: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case pending, running, succeeded, failed, cancelled
        public var isTerminal: Bool { self == .succeeded || self == .failed || self == .cancelled }
    }

    public enum StepStatus: Sendable, Hashable {
        case waiting
        case scheduled(attempt: Int)
        case running(attempt: Int, lease: UInt64)
        /// Failed and waiting for a retry's backoff timer.
        case backingOff(attempt: Int, timerId: String)
        case succeeded(attempt: Int, output: JSONValue)
        case failed(attempt: Int, code: String, message: String, retryable: Bool)
        case skipped(reason: String)

        public var isFinished: Bool {
            switch self {
            case .succeeded, .failed, .skipped: true
            default: false
            }
        }
    }

    public private(set) var status: Status = .pending
    public private(set) var workflowId = ""
    public private(set) var semver = ""
    public private(set) var input: JSONValue = .null
    public private(set) var steps: [String: StepStatus] = [:]
    /// Conditions' chosen branches.
    public private(set) var branches: [String: Bool] = [:]
    /// Timers not yet fired, by id.
    public private(set) var timers: [String: (stepId: String, dueAt: Int64)] = [:]
    public private(set) var cancelRequested = false
    /// Delay steps whose timer has been set (they complete when it fires).
    public private(set) var delaysScheduled: Set<String> = []
    public private(set) var eventCount = 0

    public init() {}

    /// Folds one more event.
    /// - Throws: `workflow.illegal_transition` when the event cannot follow the history so far.
    public mutating func apply(_ event: ExecutionEvent) throws(WorkflowError) {
        func illegal(_ why: String) -> WorkflowError {
            WorkflowError(.illegalTransition, "\(event.name) after \(eventCount) events: \(why)")
        }
        if status.isTerminal { throw illegal("the execution has ended (\(status.rawValue))") }
        if status == .pending, case .executionStarted = event {
        } else if status == .pending {
            throw illegal("the execution has not started")
        }
        switch event {
        case .executionStarted(let workflowId, let semver, _, let input, _):
            guard status == .pending else { throw illegal("it has already started") }
            self.workflowId = workflowId
            self.semver = semver
            self.input = input
            status = .running
        case .stepScheduled(let id, let attempt):
            switch steps[id] ?? .waiting {
            case .waiting where attempt == 1: break
            case .backingOff(let previous, _) where attempt == previous + 1: break
            default: throw illegal("step `\(id)` cannot be scheduled for attempt \(attempt) now")
            }
            steps[id] = .scheduled(attempt: attempt)
        case .stepStarted(let id, let attempt, let lease):
            switch steps[id] {
            case .scheduled(attempt)?: break
            // After a crash the same attempt starts again under a newer lease: same attempt number,
            // same idempotency key, so its effect is not repeated.
            case .running(attempt, let held)? where lease > held: break
            default: throw illegal("step `\(id)` attempt \(attempt) is not scheduled")
            }
            steps[id] = .running(attempt: attempt, lease: lease)
        case .stepCompleted(let id, let attempt, let output):
            guard case .running(attempt, _)? = steps[id] else {
                throw illegal("step `\(id)` attempt \(attempt) is not running")
            }
            steps[id] = .succeeded(attempt: attempt, output: output)
        case .stepFailed(let id, let attempt, let code, let message, let retryable):
            guard case .running(attempt, _)? = steps[id] else {
                throw illegal("step `\(id)` attempt \(attempt) is not running")
            }
            steps[id] = .failed(attempt: attempt, code: code, message: message, retryable: retryable)
        case .conditionEvaluated(let id, let value):
            guard branches[id] == nil else { throw illegal("condition `\(id)` was already evaluated") }
            branches[id] = value
        case .stepSkipped(let id, let reason):
            guard !(steps[id]?.isFinished ?? false) else { throw illegal("step `\(id)` has already finished") }
            steps[id] = .skipped(reason: reason)
        case .timerScheduled(let timerId, let id, let dueAt):
            guard timers[timerId] == nil else { throw illegal("timer `\(timerId)` already exists") }
            if case .failed(let attempt, _, _, true)? = steps[id] {
                steps[id] = .backingOff(attempt: attempt, timerId: timerId)
            }
            timers[timerId] = (id, dueAt)
            if timerId.hasPrefix("delay:") { delaysScheduled.insert(id) }
        case .timerFired(let timerId):
            guard timers.removeValue(forKey: timerId) != nil else { throw illegal("timer `\(timerId)` is not pending") }
        case .cancelRequested:
            cancelRequested = true
        case .executionCompleted:
            guard steps.values.allSatisfy(\.isFinished) else { throw illegal("steps are still running") }
            status = .succeeded
        case .executionFailed:
            status = .failed
        case .executionCancelled:
            guard cancelRequested else { throw illegal("no cancel was requested") }
            status = .cancelled
        }
        eventCount += 1
    }

    /// `context` for expressions and handlers: `{input, steps: {id: {output}}, env}`.
    public var context: JSONValue {
        var outputs: [String: JSONValue] = [:]
        for (id, status) in steps {
            if case .succeeded(_, let output) = status { outputs[id] = .object(["output": output]) }
        }
        return .object(["input": input, "steps": .object(outputs), "env": .object([:])])
    }

    /// The state after a whole history.
    public static func fold(_ history: [ExecutionEvent]) throws(WorkflowError) -> ExecutionState {
        var state = ExecutionState()
        for event in history { try state.apply(event) }
        return state
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.status == b.status && a.steps == b.steps && a.branches == b.branches && a.eventCount == b.eventCount
            && a.cancelRequested == b.cancelRequested && a.timers.mapValues(\.dueAt) == b.timers.mapValues(\.dueAt)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(eventCount)
    }
}
