import Foundation
import JSON
import Orchestrator
import PolicyEngine
import Synchronization

/// Every policy decision the gateway made, allow and deny, in an append-only journal
/// (`<data>/decisions.journal`), with the most recent ones in memory for `GET /api/decisions`.
///
/// Recording never delays a request: records are queued to the journal and synced in groups, so
/// a crash can lose the last few milliseconds of decisions, never the requests' effects.
final class DecisionLog: Sendable {
    /// Decisions kept in memory for queries; older ones stay in the journal file.
    static let memoryCapacity = 50_000

    private struct Recent {
        var records: [JSONValue] = []
        /// The sequence number of `records[0]`.
        var first: Int = 0
    }

    private let journal: RecordJournal
    private let recent: Mutex<Recent>

    /// Opens `<directory>/decisions.journal`, keeping its last ``memoryCapacity`` records.
    init(directory: String) throws(WorkflowError) {
        var loaded = Recent()
        journal = try RecordJournal(path: directory + "/decisions.journal") { record in
            if let value = try? JSONValue.parse(Array(record)) { loaded.records.append(value) }
            if loaded.records.count > Self.memoryCapacity * 2 {
                loaded.records.removeFirst(Self.memoryCapacity)
                loaded.first += Self.memoryCapacity
            }
        }
        if loaded.records.count > Self.memoryCapacity {
            let excess = loaded.records.count - Self.memoryCapacity
            loaded.records.removeFirst(excess)
            loaded.first += excess
        }
        recent = Mutex(loaded)
    }

    func close() { journal.close() }

    func record(
        id: String, at time: Int64, principal: AuthenticatedPrincipal, action: String, resource: EntityUID,
        decision: Decision, requestID: String
    ) {
        let entry: JSONValue = .object([
            "decisionId": .string(id), "at": .number(JSONNumber(time)), "tenant": .string(principal.tenant),
            "principal": .string(principal.id), "role": .string(principal.role), "action": .string(action),
            "resource": .object(["type": .string(resource.type), "id": .string(resource.id)]),
            "decision": .string(decision.effect.rawValue),
            "determining": .array(decision.determining.map { .string($0.rawValue) }),
            "denial": decision.denial?.json ?? .null, "policySetDigest": .string(decision.policySetDigest),
            "requestId": .string(requestID),
        ])
        recent.withLock { recent in
            recent.records.append(entry)
            if recent.records.count > Self.memoryCapacity {
                recent.records.removeFirst()
                recent.first += 1
            }
            journal.submit(entry.encoded(.canonical)) { _ in }
        }
    }

    /// Decisions of `tenant` matching the filters, oldest first, after sequence `cursor`.
    func query(
        tenant: String, principal: String?, action: String?, decision: String?, since: Int64?, after cursor: Int?,
        limit: Int
    )
        -> (items: [JSONValue], next: Int?)
    {
        recent.withLock { recent in
            var items: [JSONValue] = []
            let start = max(0, (cursor.map { $0 + 1 } ?? 0) - recent.first)
            var position = start
            while position < recent.records.count {
                let record = recent.records[position]
                position += 1
                guard record["tenant"]?.stringValue == tenant else { continue }
                if let principal, record["principal"]?.stringValue != principal { continue }
                if let action, record["action"]?.stringValue != action { continue }
                if let decision, record["decision"]?.stringValue != decision { continue }
                if let since, (record["at"]?.int64Value ?? 0) < since { continue }
                var numbered = record
                if case .object(var members) = numbered {
                    members["sequence"] = .number(JSONNumber(recent.first + position - 1))
                    numbered = .object(members)
                }
                items.append(numbered)
                if items.count == limit {
                    return (items, position < recent.records.count ? recent.first + position - 1 : nil)
                }
            }
            return (items, nil)
        }
    }
}

/// `GET /api/decisions`: for those the policies allow (compliance and admin), within their tenant.
enum DecisionRoutes {
    static func add(to router: inout Router, gate: PolicyGate, log: DecisionLog) {
        router.get("/api/decisions") { context in
            let principal = context.principal!
            try gate.authorize(
                "read_decisions",
                Entity(
                    uid: EntityUID(type: "DecisionLog", id: principal.tenant),
                    attributes: ["tenant": .string(principal.tenant)]),
                context)
            let limit = try context.queryInteger("limit", in: 1...1000, default: 100)
            let cursor = try context.query("cursor").map { text throws(APIError) -> Int in
                guard let value = Int(text), value >= 0 else {
                    throw APIError.badRequest(
                        GatewayError.Code.invalidParameter.rawValue, "`cursor` is a sequence number")
                }
                return value
            }
            let since = try context.query("since").map { text throws(APIError) -> Int64 in
                guard let value = Int64(text) else {
                    throw APIError.badRequest(
                        GatewayError.Code.invalidParameter.rawValue, "`since` is seconds since the epoch")
                }
                return value
            }
            if let decision = context.query("decision"), decision != "allow" && decision != "deny" {
                throw APIError.badRequest(
                    GatewayError.Code.invalidParameter.rawValue, "`decision` is `allow` or `deny`")
            }
            let (items, next) = log.query(
                tenant: principal.tenant, principal: context.query("principal"), action: context.query("action"),
                decision: context.query("decision"), since: since, after: cursor, limit: limit)
            return .json(.object(["items": .array(items), "nextCursor": next.map { .string(String($0)) } ?? .null]))
        }
    }
}
