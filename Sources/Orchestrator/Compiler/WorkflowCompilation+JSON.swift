import JSON

extension WorkflowFinding {
    /// `{"code", "severity", "pointer", "message"}`.
    public var json: JSONValue {
        .object([
            "code": .string(code.rawValue), "severity": .string(severity.rawValue), "pointer": .string(pointer),
            "message": .string(message),
        ])
    }
}

extension WorkflowPlan.PlannedStep {
    /// One planned step as the API returns it.
    public var json: JSONValue {
        var retry: [String: JSONValue] = [:]
        retry["maxAttempts"] = .number(JSONNumber(maxAttempts))
        retry["initialBackoffSeconds"] = finite(initialBackoffSeconds)
        retry["maxBackoffSeconds"] = finite(maxBackoffSeconds)
        retry["multiplier"] = finite(multiplier)
        retry["jitter"] = finite(jitter)
        retry["nonRetryable"] = .array(nonRetryable.map(JSONValue.string))
        var members: [String: JSONValue] = [:]
        members["id"] = .string(id)
        members["kind"] = .string(kind)
        members["dependsOn"] = .array(dependsOn.map(JSONValue.string))
        members["level"] = .number(JSONNumber(level))
        members["timeoutSeconds"] = .number(JSONNumber(timeoutSeconds))
        members["retry"] = .object(retry)
        members["fanOut"] = .number(JSONNumber(fanOut))
        members["worstCaseSeconds"] = finite(worstCaseSeconds)
        return .object(members)
    }
}

extension WorkflowPlan {
    /// The plan as the API returns it.
    public var json: JSONValue {
        var resources: [String: JSONValue] = [:]
        resources["cpu"] = finite(totalCPU)
        resources["memoryMiB"] = .number(JSONNumber(totalMemoryMiB))
        resources["quota"] = .object(totalQuota.mapValues { .number(JSONNumber($0)) })
        var members: [String: JSONValue] = [:]
        members["steps"] = .array(steps.map(\.json))
        members["maxParallelism"] = .number(JSONNumber(maxParallelism))
        members["resources"] = .object(resources)
        members["worstCaseSeconds"] = finite(worstCaseSeconds)
        return .object(members)
    }
}

extension WorkflowCompiler.Compilation {
    /// `{"valid", "errors", "warnings", "plan"}`: what `POST /api/workflows/validate` answers.
    public var json: JSONValue {
        .object([
            "valid": .bool(plan != nil), "errors": .array(errors.map(\.json)), "warnings": .array(warnings.map(\.json)),
            "plan": plan?.json ?? .null,
        ])
    }
}

/// A finite double as a JSON number (plans hold no infinities; `null` if one ever appears).
private func finite(_ value: Double) -> JSONValue {
    JSONNumber(value).map(JSONValue.number) ?? .null
}
