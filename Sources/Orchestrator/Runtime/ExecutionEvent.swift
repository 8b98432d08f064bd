import JSON

/// One fact in an execution's history. The history is the source of truth; every other view of an
/// execution (its state, its timeline, its evidence) is a fold of these, in order.
public enum ExecutionEvent: Sendable, Hashable {
    /// Admitted by the policy gate and pinned to a version.
    case executionStarted(
        workflowId: String, semver: String, definitionDigest: String, input: JSONValue, decisionId: String)
    /// A step's attempt is ready to run (its dependencies finished, or its retry's backoff ended).
    case stepScheduled(stepId: String, attempt: Int)
    /// A worker took the attempt under a lease; a later event with another lease is a stale worker's.
    case stepStarted(stepId: String, attempt: Int, lease: UInt64)
    case stepCompleted(stepId: String, attempt: Int, output: JSONValue)
    case stepFailed(stepId: String, attempt: Int, code: String, message: String, retryable: Bool)
    /// A condition chose its branch; the other branch's steps are skipped.
    case conditionEvaluated(stepId: String, value: Bool)
    /// A step that will not run: an untaken branch, or a dependency that was skipped.
    case stepSkipped(stepId: String, reason: String)
    /// A due time (a retry's backoff, a delay) stored so that it survives restarts.
    case timerScheduled(timerId: String, stepId: String, dueAt: Int64)
    case timerFired(timerId: String)
    case cancelRequested(by: String)
    case executionCompleted
    case executionFailed(stepId: String, code: String, message: String)
    case executionCancelled

    /// The event's name in the history JSON and the event feed.
    public var name: String {
        switch self {
        case .executionStarted: "ExecutionStarted"
        case .stepScheduled: "StepScheduled"
        case .stepStarted: "StepStarted"
        case .stepCompleted: "StepCompleted"
        case .stepFailed: "StepFailed"
        case .conditionEvaluated: "ConditionEvaluated"
        case .stepSkipped: "StepSkipped"
        case .timerScheduled: "TimerScheduled"
        case .timerFired: "TimerFired"
        case .cancelRequested: "CancelRequested"
        case .executionCompleted: "ExecutionCompleted"
        case .executionFailed: "ExecutionFailed"
        case .executionCancelled: "ExecutionCancelled"
        }
    }
}
