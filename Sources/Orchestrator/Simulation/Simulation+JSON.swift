import JSON

extension Simulation {
    /// The simulation as `POST /api/workflows/simulate` returns it:
    ///
    /// ```
    /// { "status": "succeeded" | "failed",
    ///   "steps": [ { "id", "kind", "status": "succeeded" | "failed" | "skipped", "attempts", "iterations",
    ///                "startSeconds", "endSeconds", "output", "error": {code, message, permanent}, "note" } ],
    ///   "conditions": [ { "id", "expression", "value", "branch": "then" | "else" | null, "because", "error" } ],
    ///   "loops": [ { "id", "expression", "iterations", "batches", "because" } ],
    ///   "totalSeconds", "cost": { "cpuSeconds", "memoryMiBSeconds", "quota": { name: units } },
    ///   "policyChecks": [ { "action", "resource": { "type": "Workflow", "id" }, "step", "version" } ],
    ///   "failure": null | { "step", "atSeconds", "code", "message" },
    ///   "notes": [ "…" ] }
    /// ```
    /// Skipped steps have `null` times; absent optional members are `null`.
    public var json: JSONValue {
        .object([
            "status": .string(status.rawValue),
            "steps": .array(steps.map(\.json)),
            "conditions": .array(conditions.map(\.json)),
            "loops": .array(loops.map(\.json)),
            "totalSeconds": seconds(totalSeconds),
            "cost": cost.json,
            "policyChecks": .array(policyChecks.map(\.json)),
            "failure": failure?.json ?? .null,
            "notes": .array(notes.map(JSONValue.string)),
        ])
    }
}

extension Simulation.StepError {
    /// `{"code", "message", "permanent"}`, as the history records a failed step.
    public var json: JSONValue {
        ["code": .string(code), "message": .string(message), "permanent": .bool(isPermanent)]
    }
}

extension Simulation.StepResult {
    /// `{"id", "kind", "status", "attempts", "iterations", "startSeconds", "endSeconds", "output", "error", "note"}`.
    public var json: JSONValue {
        .object([
            "id": .string(id), "kind": .string(kind), "status": .string(status.rawValue),
            "attempts": .number(JSONNumber(attempts)), "iterations": .number(JSONNumber(iterations)),
            "startSeconds": startSeconds.map(seconds) ?? .null, "endSeconds": endSeconds.map(seconds) ?? .null,
            "output": output ?? .null, "error": error?.json ?? .null, "note": note.map(JSONValue.string) ?? .null,
        ])
    }
}

extension Simulation.ConditionResult {
    /// `{"id", "expression", "value", "branch", "because", "error"}`.
    public var json: JSONValue {
        .object([
            "id": .string(id), "expression": .string(expression), "value": value ?? .null,
            "branch": branch.map { .string($0.rawValue) } ?? .null, "because": .string(because),
            "error": error?.json ?? .null,
        ])
    }
}

extension Simulation.LoopResult {
    /// `{"id", "expression", "iterations", "batches", "because"}`.
    public var json: JSONValue {
        .object([
            "id": .string(id), "expression": .string(expression), "iterations": .number(JSONNumber(iterations)),
            "batches": .number(JSONNumber(batches)), "because": .string(because),
        ])
    }
}

extension Simulation.Cost {
    /// `{"cpuSeconds", "memoryMiBSeconds", "quota"}`.
    public var json: JSONValue {
        .object([
            "cpuSeconds": seconds(cpuSeconds), "memoryMiBSeconds": seconds(memoryMiBSeconds),
            "quota": .object(quota.mapValues { .number(JSONNumber($0)) }),
        ])
    }
}

extension Simulation.PolicyCheck {
    /// `{"action", "resource": {"type": "Workflow", "id"}, "step", "version"}`.
    public var json: JSONValue {
        .object([
            "action": .string(action),
            "resource": ["type": "Workflow", "id": workflowId.map(JSONValue.string) ?? .null],
            "step": stepId.map(JSONValue.string) ?? .null, "version": versionRange.map(JSONValue.string) ?? .null,
        ])
    }
}

extension Simulation.Failure {
    /// `{"step", "atSeconds", "code", "message"}`.
    public var json: JSONValue {
        .object([
            "step": .string(stepId), "atSeconds": seconds(atSeconds), "code": .string(error.code),
            "message": .string(error.message),
        ])
    }
}

/// Seconds as a JSON number; the simulation's times are finite, `null` if one ever is not.
private func seconds(_ value: Double) -> JSONValue {
    JSONNumber(value).map(JSONValue.number) ?? .null
}
