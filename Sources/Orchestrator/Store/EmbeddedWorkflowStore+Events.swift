import JSON

extension EmbeddedWorkflowStore {
    /// Folds one event into the state: the same code replays the journal and applies new changes.
    static func apply(_ event: JSONValue, to state: inout State) throws(WorkflowError) {
        func string(_ name: String) throws(WorkflowError) -> String {
            guard let value = event[name]?.stringValue else { throw malformed(name) }
            return value
        }
        func integer(_ name: String) throws(WorkflowError) -> Int64 {
            guard let value = event[name]?.int64Value else { throw malformed(name) }
            return value
        }
        switch event["event"]?.stringValue {
        case "created":
            let id = try string("id")
            let time = try integer("at")
            let owner = try string("owner")
            state.workflows[id] = WorkflowRecord(
                id: id, tenant: try string("tenant"), owner: owner, lastEditor: owner, state: .draft, revision: 1,
                draft: event["draft"] ?? .null, createdAt: time, updatedAt: time, versions: [])
        case "updated":
            let id = try string("id")
            guard var record = state.workflows[id] else { throw malformed("id") }
            record.draft = event["draft"] ?? .null
            record.revision = Int(try integer("revision"))
            record.lastEditor = try string("editor")
            record.updatedAt = try integer("at")
            state.workflows[id] = record
        case "deleted":
            let id = try string("id")
            state.workflows[id]?.state = .deleted
            state.workflows[id]?.updatedAt = try integer("at")
        case "published":
            let id = try string("id")
            // A version's definition is the draft it was published from: not written twice.
            guard var record = state.workflows[id],
                let version = decodeVersion(event["version"], draft: state.workflows[id]?.draft)
            else {
                throw malformed("version")
            }
            record.versions.append(version)
            record.state = .published
            record.updatedAt = version.publishedAt
            state.workflows[id] = record
        case "ledgered":
            let id = try string("id")
            guard let semver = SemanticVersion(try string("semver")),
                let position = state.workflows[id]?.versions.firstIndex(where: { $0.semver == semver })
            else { throw malformed("semver") }
            state.workflows[id]?.versions[position].ledgerIndex = UInt64(try integer("index"))
        case "idempotency":
            state.idempotency[try string("key")] = IdempotentResponse(
                requestDigest: try string("digest"), status: Int(try integer("status")),
                body: Array(try string("body").utf8))
        default:
            throw malformed("event")
        }
    }

    private static func malformed(_ member: String) -> WorkflowError {
        WorkflowError(.storeFailed, "a journal event has a missing or malformed `\(member)`")
    }

    static func encode(_ version: WorkflowVersion) -> JSONValue {
        var members: [String: JSONValue] = [
            "semver": .string(version.semver.description),
            "definitionDigest": .string(version.definitionDigest), "planDigest": .string(version.planDigest),
            "policySetDigest": .string(version.policySetDigest), "publishedBy": .string(version.publishedBy),
            "publishedAt": .number(JSONNumber(version.publishedAt)), "decisionId": .string(version.decisionId),
            "manifest": .string(String(decoding: version.manifest, as: UTF8.self)), "diff": version.diff.json,
        ]
        if let index = version.ledgerIndex { members["ledgerIndex"] = .number(JSONNumber(Int64(index))) }
        return .object(members)
    }

    static func decodeVersion(_ value: JSONValue?, draft: JSONValue?) -> WorkflowVersion? {
        guard let value, let semver = value["semver"]?.stringValue.flatMap(SemanticVersion.init),
            let definition = value["definition"] ?? draft, let manifest = value["manifest"]?.stringValue,
            let publishedAt = value["publishedAt"]?.int64Value
        else { return nil }
        let diff = value["diff"]
        func names(_ member: String) -> [String] { diff?[member]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        return WorkflowVersion(
            semver: semver, definition: definition, definitionDigest: value["definitionDigest"]?.stringValue ?? "",
            planDigest: value["planDigest"]?.stringValue ?? "",
            policySetDigest: value["policySetDigest"]?.stringValue ?? "",
            publishedBy: value["publishedBy"]?.stringValue ?? "", publishedAt: publishedAt,
            decisionId: value["decisionId"]?.stringValue ?? "", manifest: Array(manifest.utf8),
            ledgerIndex: value["ledgerIndex"]?.int64Value.map(UInt64.init),
            diff: VersionDiff(
                addedSteps: names("addedSteps"), removedSteps: names("removedSteps"),
                changedSteps: names("changedSteps"),
                inputsChanged: diff?["inputsChanged"] == true))
    }
}
