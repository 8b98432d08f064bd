import JSON

/// How one attempt of a `task` step ended.
///
/// A failure is data, not a thrown error: the runtime stores `{code, message, retryable}` with
/// the step and retries only a retryable failure, within the step's retry policy.
public enum StepOutcome: Sendable, Hashable {
    /// The attempt succeeded with `output` (what later steps read as `context.steps.<id>.output`).
    case succeeded(output: JSONValue, logs: StepLogs?)
    /// The attempt failed. `code` is a stable code (`workflow.handler_*`, or the `policy.*` code of a
    /// failed expression); `retryable` says whether another attempt could succeed.
    case failed(code: String, message: String, retryable: Bool, logs: StepLogs?)

    /// A failure with a workflow error's code and message.
    /// - Parameters:
    ///   - error: The code and message.
    ///   - retryable: Whether another attempt could succeed.
    ///   - logs: What the attempt wrote, if anything.
    /// - Returns: `.failed` with the error's code and message.
    public static func failure(_ error: WorkflowError, retryable: Bool, logs: StepLogs? = nil) -> StepOutcome {
        .failed(code: error.code.rawValue, message: error.message, retryable: retryable, logs: logs)
    }

    /// Whether the attempt succeeded.
    public var isSuccess: Bool {
        if case .succeeded = self { return true }
        return false
    }

    /// What the attempt wrote, if anything.
    public var logs: StepLogs? {
        switch self {
        case .succeeded(_, let logs), .failed(_, _, _, let logs): logs
        }
    }
}
