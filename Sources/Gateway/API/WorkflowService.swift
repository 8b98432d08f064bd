import Cryptography
import Foundation
import JSON
import Ledger
import Orchestrator
import Synchronization

/// What the workflow handlers share: the store, the policy gate, the ledger and the outbox.
final class WorkflowService: Sendable {
    let store: EmbeddedWorkflowStore
    let gate: PolicyGate
    let ledger: FileLedger
    let clock: @Sendable () -> Int64
    /// Publishes of one workflow, one at a time.
    let publishes = KeyedSerializer()
    /// Idempotency keys whose first request is still running.
    private let inFlight = Mutex(Set<String>())

    init(store: EmbeddedWorkflowStore, gate: PolicyGate, ledger: FileLedger, clock: @escaping @Sendable () -> Int64) {
        self.store = store
        self.gate = gate
        self.ledger = ledger
        self.clock = clock
    }

    /// The workflow as the policies see it.
    func resource(_ record: WorkflowRecord) -> PolicyGate.WorkflowResource {
        PolicyGate.WorkflowResource(
            id: record.id, tenant: record.tenant, owner: record.owner, lastEditor: record.lastEditor,
            state: record.state.rawValue, sensitivity: record.sensitivity, tags: record.tags,
            dataClasses: record.dataClasses)
    }

    /// The resource a new draft would be.
    func newResource(id: String, draft: JSONValue, owner: String, tenant: String) -> PolicyGate.WorkflowResource {
        PolicyGate.WorkflowResource(
            id: id, tenant: tenant, owner: owner, lastEditor: owner, state: "draft",
            sensitivity: draft["labels"]?["sensitivity"]?.stringValue ?? "internal",
            tags: draft["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            dataClasses: draft["labels"]?["data_classes"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// The workflow `id` if the caller may do `action` on it. Another tenant's workflow, or a
    /// denied read, is indistinguishable from one that does not exist (404); any other denial is
    /// a 403 that says why.
    func authorized(_ id: String, _ action: String, _ context: RequestContext) throws(APIError) -> (
        WorkflowRecord, PolicyGate.Outcome
    ) {
        guard let record = store.workflow(id: id), record.state != .deleted else {
            throw APIError(
                status: 404, code: WorkflowError.Code.notFound.rawValue, detail: "there is no workflow `\(id)`")
        }
        do throws(APIError) {
            return (record, try gate.authorize(action, resource(record), context))
        } catch {
            let hidden = record.tenant != context.principal?.tenant || action == "read"
            if hidden && error.status == 403 {
                throw APIError(
                    status: 404, code: WorkflowError.Code.notFound.rawValue, detail: "there is no workflow `\(id)`")
            }
            throw error
        }
    }

    /// A new workflow id: `wf_` and 16 random hex digits.
    static func newWorkflowId() -> String {
        "wf_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    }

    /// `sha256:<hex>` of a value's canonical JSON.
    static func digest(_ value: JSONValue) -> String { "sha256:" + SHA256.hash(value.encoded(.canonical)).hex }

    // MARK: Idempotency

    /// Runs `body` once per `Idempotency-Key`: a repeat with the same request gets the first
    /// response again; with a different request, 422.
    func idempotent(_ context: RequestContext, _ body: () async throws -> HTTPResponse) async throws -> HTTPResponse {
        guard let key = context.headers["Idempotency-Key"] else { return try await body() }
        guard (1...200).contains(key.utf8.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw APIError.badRequest(
                GatewayError.Code.invalidParameter.rawValue, "`Idempotency-Key` is 1 to 200 visible ASCII characters")
        }
        let principal = context.principal.map { "\($0.tenant)/\($0.id)" } ?? "-"
        let scoped = "\(principal) \(context.route) \(key)"
        let request = context.request
        let digest =
            "sha256:"
            + SHA256.hash(Array("\(request.head.method) \(request.head.target)\n".utf8) + request.body).hex
        if let earlier = store.idempotentResponse(key: scoped) {
            guard earlier.requestDigest == digest else {
                throw APIError(
                    status: 422, code: WorkflowError.Code.idempotencyKeyReused.rawValue,
                    detail: "this `Idempotency-Key` was used for a different request; use a new key")
            }
            var replay = HTTPResponse(
                status: earlier.status, headers: ["Content-Type": "application/json"], body: .bytes(earlier.body))
            replay.headers.set("Idempotent-Replayed", "true")
            return replay
        }
        guard inFlight.withLock({ $0.insert(scoped).inserted }) else {
            throw APIError(
                status: 409, code: WorkflowError.Code.stateConflict.rawValue,
                detail: "a request with this `Idempotency-Key` is still running; retry shortly")
        }
        defer { _ = inFlight.withLock { $0.remove(scoped) } }
        let response = try await body()
        if case .bytes(let bytes) = response.body, (200..<300).contains(response.status) {
            try await store.rememberResponse(
                key: scoped, .init(requestDigest: digest, status: response.status, body: bytes))
        }
        return response
    }
}
