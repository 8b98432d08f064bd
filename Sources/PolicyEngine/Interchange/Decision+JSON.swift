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

extension Decision {
    /// The same document as ``json``, written directly (members in sorted order, so the bytes
    /// equal `json.encoded(.compact)`): the hot path for streaming and HTTP responses.
    public func encodedJSON() -> [UInt8] {
        var writer = JSONWriter(capacity: denial == nil ? 256 : 1024)
        write(to: &writer)
        return writer.bytes
    }

    /// Writes the decision as one JSON object.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("decision")
        writer.string(effect.rawValue)
        writer.key("denial")
        if let denial { denial.write(to: &writer) } else { writer.null() }
        writer.key("determining")
        writer.beginArray()
        for id in determining { writer.string(id.rawValue) }
        writer.endArray()
        writer.key("errors")
        writer.beginArray()
        for error in errors {
            writer.beginObject()
            writer.key("code")
            writer.string(error.error.code.rawValue)
            writer.key("message")
            writer.string(error.error.message)
            writer.key("policy")
            writer.string(error.policy.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.key("policySetDigest")
        writer.string(policySetDigest)
        writer.endObject()
    }
}

extension Denial {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("kind")
        writer.string(kind.rawValue)
        if let message {
            writer.key("message")
            writer.string(message)
        }
        if kind == .notPermitted {
            writer.key("omitted")
            writer.number(omitted)
        }
        writer.key("violations")
        writer.beginArray()
        for violation in violations {
            writer.beginObject()
            writer.key("appeal")
            writer.string(violation.appeal)
            writer.key("checks")
            writer.beginArray()
            for check in violation.checks { check.write(to: &writer) }
            writer.endArray()
            writer.key("code")
            writer.string(violation.code)
            writer.key("effect")
            writer.string(violation.effect.rawValue)
            writer.key("policy")
            writer.string(violation.policy.rawValue)
            writer.key("reason")
            writer.string(violation.reason)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}

extension Check {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("actual")
        Value.write(actual, to: &writer)
        writer.key("attr")
        writer.string(attribute)
        if let error {
            writer.key("error")
            writer.beginObject()
            writer.key("code")
            writer.string(error.code.rawValue)
            writer.key("message")
            writer.string(error.message)
            writer.endObject()
        }
        writer.key("expected")
        Value.write(expected, to: &writer)
        writer.key("expr")
        writer.string(expression)
        writer.key("op")
        writer.string(op.rawValue)
        writer.endObject()
    }
}

extension Value {
    /// Writes a value in Cedar's JSON form, or `null`.
    static func write(_ value: Value?, to writer: inout JSONWriter) {
        switch value {
        case nil: writer.null()
        case .bool(let flag)?: writer.bool(flag)
        case .long(let number)?: writer.number(number)
        case .string(let text)?: writer.string(text)
        case .entity(let uid)?:
            writer.beginObject()
            writer.key("__entity")
            writer.beginObject()
            writer.key("id")
            writer.string(uid.id)
            writer.key("type")
            writer.string(uid.type)
            writer.endObject()
            writer.endObject()
        case let value?:
            writer.value(value.json)  // sets and records: rare in checks; canonical order via JSONValue
        }
    }
}
