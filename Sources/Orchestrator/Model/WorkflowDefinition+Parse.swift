import JSON

extension WorkflowDefinition {
    /// The most steps a definition may have.
    public static let maxSteps = 500
    /// The most triggers a definition may have.
    public static let maxTriggers = 50

    /// Reads a definition from its JSON document.
    ///
    /// - Returns: the definition, or `nil` when it is too malformed to compile, and every
    ///   structural finding (each an error), in document order.
    public static func parse(_ document: JSONValue) -> (definition: WorkflowDefinition?, findings: [WorkflowFinding]) {
        var reader = DocumentReader()
        let allowed: Set = [
            "id", "name", "description", "tags", "labels", "inputs", "triggers", "steps", "outputs", "version",
        ]
        guard let members = reader.object(document, "", allowed: allowed) else {
            if reader.findings.isEmpty { reader.fail(.typeMismatch, "", "a workflow definition is a JSON object") }
            return (nil, reader.findings)
        }
        let id = reader.string(members, "id", "", maxLength: 128)
        let name = reader.string(members, "name", "", required: true, maxLength: 200) ?? ""
        let description = reader.string(members, "description", "", maxLength: 10_000) ?? ""
        let tags = reader.strings(members, "tags", "")
        var labels: [String: JSONValue] = [:]
        if let value = members["labels"] {
            labels = reader.object(value, "/labels", allowed: Set(value.objectValue?.keys.map { $0 } ?? [])) ?? [:]
            if let sensitivity = labels["sensitivity"] {
                if ![JSONValue.string("public"), "internal", "restricted"].contains(sensitivity) {
                    reader.fail(
                        .invalidValue, "/labels/sensitivity", "`sensitivity` is `public`, `internal` or `restricted`")
                }
            }
            if let classes = labels["data_classes"] {
                _ = reader.strings(["data_classes": classes], "data_classes", "/labels")
            }
        }
        let inputs = members["inputs"]
        if let inputs, inputs.objectValue == nil {
            reader.fail(.typeMismatch, "/inputs", "`inputs` is a JSON Schema object, not \(inputs.typeName)")
        }
        var triggers: [Trigger] = []
        if let list = members["triggers"] {
            if case .array(let items) = list {
                if items.count > maxTriggers { reader.fail(.tooLarge, "/triggers", "at most \(maxTriggers) triggers") }
                for (index, item) in items.prefix(maxTriggers).enumerated() {
                    if let trigger = parseTrigger(item, "/triggers/\(index)", &reader) { triggers.append(trigger) }
                }
            } else {
                reader.fail(.typeMismatch, "/triggers", "`triggers` is a list, not \(list.typeName)")
            }
        }
        var steps: [Step] = []
        if let list = members["steps"] {
            if case .array(let items) = list {
                if items.isEmpty { reader.fail(.invalidValue, "/steps", "a workflow has at least one step") }
                if items.count > maxSteps { reader.fail(.tooLarge, "/steps", "at most \(maxSteps) steps") }
                for (index, item) in items.prefix(maxSteps).enumerated() {
                    if let step = parseStep(item, "/steps/\(index)", &reader) { steps.append(step) }
                }
            } else {
                reader.fail(.typeMismatch, "/steps", "`steps` is a list, not \(list.typeName)")
            }
        } else {
            reader.fail(.missingMember, "/steps", "`steps` is required: a workflow has at least one step")
        }
        var outputs: [String: String] = [:]
        if let value = members["outputs"],
            let object = reader.object(value, "/outputs", allowed: Set(value.objectValue?.keys.map { $0 } ?? []))
        {
            for name in object.keys.sorted() {
                if let reference = reader.string(object, name, "/outputs") { outputs[name] = reference }
            }
        }
        let definition = WorkflowDefinition(
            id: id, name: name, description: description, tags: tags, labels: labels, inputs: inputs,
            triggers: triggers, steps: steps, outputs: outputs)
        return (reader.findings.isEmpty ? definition : nil, reader.findings)
    }

    static func parseTrigger(_ value: JSONValue, _ pointer: String, _ reader: inout DocumentReader) -> Trigger? {
        guard let members = reader.object(value, pointer, allowed: ["type", "name", "cron", "timezone"]) else {
            return nil
        }
        switch reader.string(members, "type", pointer, required: true) {
        case "event": return reader.string(members, "name", pointer, required: true).map { .event(name: $0) }
        case "webhook": return reader.string(members, "name", pointer, required: true).map { .webhook(name: $0) }
        case "schedule":
            guard let cron = reader.string(members, "cron", pointer, required: true) else { return nil }
            if let problem = CronCheck.problem(cron) {
                reader.fail(.invalidCron, pointer + "/cron", problem)
                return nil
            }
            return .schedule(cron: cron, timezone: reader.string(members, "timezone", pointer))
        case let other?:
            reader.fail(
                .unknownTriggerType, pointer + "/type",
                "trigger `type` is `event`, `webhook` or `schedule`, not `\(other)`")
            return nil
        case nil: return nil
        }
    }
}
