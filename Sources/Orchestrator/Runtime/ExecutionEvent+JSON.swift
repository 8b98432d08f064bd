import JSON

extension ExecutionEvent {
    /// `{"type": "<name>", …}`, as the journal stores it and the API shows it.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["type": .string(name)]
        func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
        switch self {
        case .executionStarted(let workflowId, let semver, let digest, let input, let decisionId):
            members["workflowId"] = .string(workflowId)
            members["semver"] = .string(semver)
            members["definitionDigest"] = .string(digest)
            members["input"] = input
            members["decisionId"] = .string(decisionId)
        case .stepScheduled(let id, let attempt):
            members["stepId"] = .string(id)
            members["attempt"] = int(attempt)
        case .stepStarted(let id, let attempt, let lease):
            members["stepId"] = .string(id)
            members["attempt"] = int(attempt)
            members["lease"] = .number(JSONNumber(Int64(lease)))
        case .stepCompleted(let id, let attempt, let output):
            members["stepId"] = .string(id)
            members["attempt"] = int(attempt)
            members["output"] = output
        case .stepFailed(let id, let attempt, let code, let message, let retryable):
            members["stepId"] = .string(id)
            members["attempt"] = int(attempt)
            members["code"] = .string(code)
            members["message"] = .string(message)
            members["retryable"] = .bool(retryable)
        case .conditionEvaluated(let id, let value):
            members["stepId"] = .string(id)
            members["value"] = .bool(value)
        case .stepSkipped(let id, let reason):
            members["stepId"] = .string(id)
            members["reason"] = .string(reason)
        case .timerScheduled(let timerId, let id, let dueAt):
            members["timerId"] = .string(timerId)
            members["stepId"] = .string(id)
            members["dueAt"] = .number(JSONNumber(dueAt))
        case .timerFired(let timerId):
            members["timerId"] = .string(timerId)
        case .cancelRequested(let by):
            members["by"] = .string(by)
        case .executionCompleted, .executionCancelled:
            break
        case .executionFailed(let id, let code, let message):
            members["stepId"] = .string(id)
            members["code"] = .string(code)
            members["message"] = .string(message)
        }
        return .object(members)
    }

    /// Reads an event written by ``json``.
    /// - Throws: `workflow.store_failed` for a member missing or of the wrong type.
    public init(json value: JSONValue) throws(WorkflowError) {
        func string(_ name: String) throws(WorkflowError) -> String {
            guard let text = value[name]?.stringValue else { throw Self.malformed(name) }
            return text
        }
        func int(_ name: String) throws(WorkflowError) -> Int {
            guard let number = value[name]?.int64Value else { throw Self.malformed(name) }
            return Int(number)
        }
        switch value["type"]?.stringValue {
        case "ExecutionStarted":
            self = .executionStarted(
                workflowId: try string("workflowId"), semver: try string("semver"),
                definitionDigest: try string("definitionDigest"), input: value["input"] ?? .null,
                decisionId: try string("decisionId"))
        case "StepScheduled": self = .stepScheduled(stepId: try string("stepId"), attempt: try int("attempt"))
        case "StepStarted":
            self = .stepStarted(
                stepId: try string("stepId"), attempt: try int("attempt"), lease: UInt64(try int("lease")))
        case "StepCompleted":
            self = .stepCompleted(
                stepId: try string("stepId"), attempt: try int("attempt"), output: value["output"] ?? .null)
        case "StepFailed":
            self = .stepFailed(
                stepId: try string("stepId"), attempt: try int("attempt"), code: try string("code"),
                message: try string("message"), retryable: value["retryable"] == true)
        case "ConditionEvaluated":
            self = .conditionEvaluated(stepId: try string("stepId"), value: value["value"] == true)
        case "StepSkipped": self = .stepSkipped(stepId: try string("stepId"), reason: try string("reason"))
        case "TimerScheduled":
            self = .timerScheduled(
                timerId: try string("timerId"), stepId: try string("stepId"), dueAt: Int64(try int("dueAt")))
        case "TimerFired": self = .timerFired(timerId: try string("timerId"))
        case "CancelRequested": self = .cancelRequested(by: try string("by"))
        case "ExecutionCompleted": self = .executionCompleted
        case "ExecutionFailed":
            self = .executionFailed(
                stepId: try string("stepId"), code: try string("code"), message: try string("message"))
        case "ExecutionCancelled": self = .executionCancelled
        default: throw Self.malformed("type")
        }
    }

    private static func malformed(_ member: String) -> WorkflowError {
        WorkflowError(.storeFailed, "an execution event has a missing or malformed `\(member)`")
    }
}
