import JSON
import Orchestrator

/// The API's JSON for workflows and versions.
enum WorkflowJSON {
    static func workflow(_ record: WorkflowRecord) -> JSONValue {
        let latest = record.versions.last
        let draftVersion = (latest?.semver.bumped(.minor) ?? SemanticVersion(0, 1, 0)).description + "-draft"
        return .object([
            "id": .string(record.id), "tenant": .string(record.tenant), "owner": .string(record.owner),
            "lastEditor": .string(record.lastEditor), "state": .string(record.state.rawValue),
            "name": .string(record.name), "revision": .number(JSONNumber(record.revision)),
            "createdAt": .number(JSONNumber(record.createdAt)), "updatedAt": .number(JSONNumber(record.updatedAt)),
            "draft": .object(["version": .string(draftVersion), "definition": record.draft]),
            "latestPublished": latest.map(versionSummary) ?? .null,
        ])
    }

    static func summary(_ record: WorkflowRecord) -> JSONValue {
        .object([
            "id": .string(record.id), "name": .string(record.name), "owner": .string(record.owner),
            "state": .string(record.state.rawValue), "tags": .array(record.tags.map(JSONValue.string)),
            "updatedAt": .number(JSONNumber(record.updatedAt)),
            "latestVersion": record.versions.last.map { .string($0.semver.description) } ?? .null,
        ])
    }

    static func versionSummary(_ version: WorkflowVersion) -> JSONValue {
        .object([
            "semver": .string(version.semver.description), "definitionDigest": .string(version.definitionDigest),
            "planDigest": .string(version.planDigest), "policySetDigest": .string(version.policySetDigest),
            "publishedBy": .string(version.publishedBy), "publishedAt": .number(JSONNumber(version.publishedAt)),
            "decisionId": .string(version.decisionId),
            "ledgerIndex": version.ledgerIndex.map { .number(JSONNumber(Int64($0))) } ?? .null,
            "diff": version.diff.json,
        ])
    }
}
