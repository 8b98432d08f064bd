import JSON

extension Decision {
    /// The decision in its public JSON form (the contract API clients and auditors read):
    ///
    /// ```
    /// { "decision": "allow" | "deny",
    ///   "determining": ["<policy id>", …],
    ///   "denial": null | { "kind": "forbidden" | "not_permitted",
    ///      "violations": [ { "policy", "effect", "code", "reason", "appeal",
    ///         "checks": [ { "attr", "op", "actual", "expected", "expr" } ] } ],
    ///      "omitted": N (not_permitted only), "message": "…" (when no permit's scope matched) },
    ///   "errors": [ { "policy", "code", "message" } ],
    ///   "policySetDigest": "sha256:<hex>" }
    /// ```
    /// Absent optional values are `null`, so every key is always present.
    public var json: JSONValue {
        [
            "decision": .string(effect.rawValue),
            "determining": .array(determining.map { .string($0.rawValue) }),
            "denial": denial?.json ?? .null,
            "errors": .array(errors.map(\.json)),
            "policySetDigest": .string(policySetDigest),
        ]
    }
}

extension PolicyEvaluationError {
    public var json: JSONValue {
        ["policy": .string(policy.rawValue), "code": .string(error.code.rawValue), "message": .string(error.message)]
    }
}

extension Denial {
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "kind": .string(kind.rawValue),
            "violations": .array(violations.map(\.json)),
        ]
        if kind == .notPermitted { members["omitted"] = .number(JSONNumber(omitted)) }
        if let message { members["message"] = .string(message) }
        return .object(members)
    }
}

extension Violation {
    public var json: JSONValue {
        [
            "policy": .string(policy.rawValue),
            "effect": .string(effect.rawValue),
            "code": .string(code),
            "reason": .string(reason),
            "appeal": appeal.map(JSONValue.string) ?? .null,
            "checks": .array(checks.map(\.json)),
        ]
    }
}

extension Check {
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "attr": attribute.map(JSONValue.string) ?? .null,
            "op": .string(op.rawValue),
            "actual": actual?.json ?? .null,
            "expected": expected?.json ?? .null,
            "expr": .string(expression),
        ]
        if let error { members["error"] = ["code": .string(error.code.rawValue), "message": .string(error.message)] }
        return .object(members)
    }
}
