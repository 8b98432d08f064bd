import JSON

extension WorkflowDefinition {
    static let stepMembers: Set = [
        "id", "kind", "needs", "timeout", "retry", "resources", "secrets", "name", "description",
        // kind-specific
        "handler", "config", "expression", "then", "else", "forEach", "while", "concurrency", "maxIterations", "body",
        "assignees", "form", "dueIn", "escalateTo", "workflowId", "version", "duration", "until",
    ]

    static func parseStep(_ value: JSONValue, _ pointer: String, _ reader: inout DocumentReader) -> Step? {
        guard let members = reader.object(value, pointer, allowed: stepMembers) else { return nil }
        let before = reader.findings.count
        let id = reader.string(members, "id", pointer, required: true, maxLength: 64) ?? ""
        if !id.isEmpty && !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
            reader.fail(.invalidValue, pointer + "/id", "a step id uses letters, digits, `_` and `-` only, not `\(id)`")
        }
        let needs = reader.strings(members, "needs", pointer)
        let timeout = reader.duration(members, "timeout", pointer)
        let secrets = reader.strings(members, "secrets", pointer)
        var retry: RetryPolicy?
        if let value = members["retry"],
            let object = reader.object(
                value, pointer + "/retry",
                allowed: ["maxAttempts", "initialBackoff", "maxBackoff", "multiplier", "jitter", "nonRetryable"])
        {
            let at = pointer + "/retry"
            let initial = Double(reader.duration(object, "initialBackoff", at) ?? 1)
            let maximum = Double(reader.duration(object, "maxBackoff", at) ?? 300)
            if maximum < initial {
                reader.fail(.invalidValue, at + "/maxBackoff", "`maxBackoff` is below `initialBackoff`")
            }
            retry = RetryPolicy(
                maxAttempts: reader.integer(object, "maxAttempts", at, in: 1...1000).map(Int.init),
                initialBackoffSeconds: initial, maxBackoffSeconds: maximum,
                multiplier: reader.double(object, "multiplier", at, in: 1...10) ?? 2,
                jitter: reader.double(object, "jitter", at, in: 0...1) ?? 0.2,
                nonRetryable: reader.strings(object, "nonRetryable", at))
        }
        var resources: Resources?
        if let value = members["resources"],
            let object = reader.object(value, pointer + "/resources", allowed: ["cpu", "memory", "quota"])
        {
            let at = pointer + "/resources"
            var quota: [String: Int64] = [:]
            if let value = object["quota"],
                let units = reader.object(value, at + "/quota", allowed: Set(value.objectValue?.keys.map { $0 } ?? []))
            {
                for name in units.keys.sorted() {
                    if let count = reader.integer(units, name, at + "/quota", in: 0...1_000_000_000) {
                        quota[name] = count
                    }
                }
            }
            resources = Resources(
                cpu: reader.double(object, "cpu", at, in: 0...1024),
                memoryMiB: reader.integer(object, "memory", at, in: 0...(1 << 30)), quota: quota)
        }
        let kind = parseKind(members, pointer, &reader)
        guard reader.findings.count == before, let kind else { return nil }
        return Step(
            id: id, kind: kind, needs: needs, timeoutSeconds: timeout, retry: retry, resources: resources,
            secrets: secrets, pointer: pointer)
    }

    static func parseKind(_ members: [String: JSONValue], _ pointer: String, _ reader: inout DocumentReader) -> Kind? {
        switch reader.string(members, "kind", pointer, required: true) {
        case "task":
            guard let handler = reader.string(members, "handler", pointer, required: true, maxLength: 200) else {
                return nil
            }
            return .task(handler: handler, config: members["config"] ?? .object([:]))
        case "condition":
            guard let expression = reader.string(members, "expression", pointer, required: true, maxLength: 4096) else {
                return nil
            }
            let then = reader.stringOrStrings(members, "then", pointer)
            let otherwise = reader.stringOrStrings(members, "else", pointer)
            if then.isEmpty && otherwise.isEmpty {
                reader.fail(
                    .missingMember, pointer + "/then", "a condition names the steps it runs in `then` and/or `else`")
            }
            return .condition(expression: expression, then: then, otherwise: otherwise)
        case "loop":
            let forEach = reader.string(members, "forEach", pointer, maxLength: 4096)
            let whileExpression = reader.string(members, "while", pointer, maxLength: 4096)
            if (forEach == nil) == (whileExpression == nil) {
                reader.fail(.invalidValue, pointer, "a loop has exactly one of `forEach` and `while`")
            }
            let maxIterations = reader.integer(members, "maxIterations", pointer, in: 1...1_000_000).map(Int.init)
            if whileExpression != nil && maxIterations == nil {
                reader.fail(.missingMember, pointer + "/maxIterations", "a `while` loop needs `maxIterations`")
            }
            let body = reader.strings(members, "body", pointer)
            if body.isEmpty { reader.fail(.missingMember, pointer + "/body", "a loop names its `body` steps") }
            return .loop(
                forEach: forEach, whileExpression: whileExpression,
                concurrency: Int(reader.integer(members, "concurrency", pointer, in: 1...10_000) ?? 1),
                maxIterations: maxIterations, body: body)
        case "human":
            let assignees = reader.strings(members, "assignees", pointer)
            if assignees.isEmpty {
                reader.fail(.missingMember, pointer + "/assignees", "a human step names its `assignees`")
            }
            if let form = members["form"], form.objectValue == nil {
                reader.fail(.typeMismatch, pointer + "/form", "`form` is a JSON Schema object")
            }
            return .human(
                assignees: assignees, form: members["form"], dueInSeconds: reader.duration(members, "dueIn", pointer),
                escalateTo: reader.strings(members, "escalateTo", pointer))
        case "subprocess":
            guard let workflowId = reader.string(members, "workflowId", pointer, required: true, maxLength: 128) else {
                return nil
            }
            let range = reader.string(members, "version", pointer, maxLength: 64) ?? "*"
            return .subprocess(workflowId: workflowId, versionRange: range)
        case "delay":
            let seconds = reader.duration(members, "duration", pointer)
            let until = reader.string(members, "until", pointer, maxLength: 64)
            if (seconds == nil) == (until == nil) {
                reader.fail(.invalidValue, pointer, "a delay has exactly one of `duration` and `until`")
            }
            return .delay(seconds: seconds, until: until)
        case let other?:
            reader.fail(
                .unknownStepKind, pointer + "/kind",
                "step `kind` is `task`, `condition`, `loop`, `human`, `subprocess` or `delay`, not `\(other)`")
            return nil
        case nil:
            return nil
        }
    }
}
