import Dispatch
import Foundation
import JSON
import Synchronization

/// The embedded workflow store: state in memory, every change an event in a ``RecordJournal``.
///
/// Durability contract: when a mutating call returns, its event is on disk; a restart replays the
/// journal to the same state. Changes are applied in memory and queued to the journal under one
/// lock, so the journal's order is the order of application; a concurrent reader may see a change
/// a moment before it is durable, never one that was refused. If the journal fails, the store
/// refuses all further changes (`workflow.store_failed`) until reopened.
public final class EmbeddedWorkflowStore: Sendable {
    struct State {
        var workflows: [String: WorkflowRecord] = [:]
        var idempotency: [String: IdempotentResponse] = [:]
        var failed: WorkflowError?
    }

    /// A response remembered under an `Idempotency-Key`.
    public struct IdempotentResponse: Sendable, Hashable {
        /// `sha256:<hex>` of the request that produced it.
        public var requestDigest: String
        public var status: Int
        public var body: [UInt8]

        public init(requestDigest: String, status: Int, body: [UInt8]) {
            self.requestDigest = requestDigest
            self.status = status
            self.body = body
        }
    }

    private let state: Mutex<State>
    private let journal: RecordJournal

    /// Opens the store in `directory` (creating it), replaying `workflows.journal`.
    /// - Throws: `workflow.store_failed`.
    public init(directory: String) throws(WorkflowError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw WorkflowError(.storeFailed, "cannot create `\(directory)`: \(error.localizedDescription)")
        }
        // Replay parses in parallel (JSON parsing is nearly all of a restart's time) and applies
        // in journal order.
        var records: [ArraySlice<UInt8>] = []
        journal = try RecordJournal(path: directory + "/workflows.journal") { record in records.append(record) }
        let events = Self.parseInParallel(records)
        records = []
        var replayed = State()
        for event in events {
            guard let event else { throw WorkflowError(.storeFailed, "a journal record does not parse") }
            try Self.apply(event, to: &replayed)
        }
        state = Mutex(replayed)
    }

    /// Parses records on every core, keeping their order; `nil` for a record that does not parse.
    private static func parseInParallel(_ records: [ArraySlice<UInt8>]) -> [JSONValue?] {
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, records.count / 256))
        let results = Mutex([[JSONValue?]](repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (records.count * chunk / chunks)..<(records.count * (chunk + 1) / chunks)
            let parsed = records[range].map { try? JSONValue.parse(Array($0)) }
            results.withLock { $0[chunk] = parsed }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// Writes what is queued and closes the journal. Blocks.
    public func close() { journal.close() }

    // MARK: Reading

    public func workflow(id: String) -> WorkflowRecord? { state.withLock { $0.workflows[id] } }

    /// Every workflow of `tenant` that is not deleted, by id.
    public func workflows(tenant: String) -> [WorkflowRecord] {
        state.withLock { $0.workflows.values.filter { $0.tenant == tenant && $0.state != .deleted } }
            .sorted { $0.id < $1.id }
    }

    /// Versions whose manifest the ledger does not hold yet (the outbox), oldest first.
    public func undeliveredVersions() -> [(workflowId: String, version: WorkflowVersion)] {
        state.withLock { state in
            state.workflows.values.flatMap { record in
                record.versions.filter { $0.ledgerIndex == nil }.map { (record.id, $0) }
            }
        }.sorted { $0.version.publishedAt < $1.version.publishedAt }
    }

    public func idempotentResponse(key: String) -> IdempotentResponse? { state.withLock { $0.idempotency[key] } }

    // MARK: Changing

    /// Stores a new draft.
    public func create(id: String, tenant: String, owner: String, draft: JSONValue, at time: Int64)
        async throws(WorkflowError)
        -> WorkflowRecord
    {
        let event: JSONValue = .object([
            "event": "created", "id": .string(id), "tenant": .string(tenant), "owner": .string(owner), "draft": draft,
            "at": .number(JSONNumber(time)),
        ])
        return try await change(event) { (state) throws(WorkflowError) in
            guard state.workflows[id] == nil else {
                throw WorkflowError(.stateConflict, "workflow `\(id)` already exists")
            }
        }.workflows[id]!
    }

    /// Replaces the draft, if `revision` is still current.
    public func updateDraft(id: String, revision: Int, draft: JSONValue, editor: String, at time: Int64)
        async throws(WorkflowError) -> WorkflowRecord
    {
        let event: JSONValue = .object([
            "event": "updated", "id": .string(id), "revision": .number(JSONNumber(revision + 1)), "draft": draft,
            "editor": .string(editor), "at": .number(JSONNumber(time)),
        ])
        return try await change(event) { (state) throws(WorkflowError) in
            let record = try Self.live(id, in: state)
            guard record.revision == revision else {
                throw WorkflowError(
                    .revisionMismatch, "the draft is at revision \(record.revision), not \(revision); read it again")
            }
        }.workflows[id]!
    }

    /// Soft-deletes a workflow.
    public func delete(id: String, by user: String, at time: Int64) async throws(WorkflowError) {
        let event: JSONValue = .object([
            "event": "deleted", "id": .string(id), "by": .string(user), "at": .number(JSONNumber(time)),
        ])
        _ = try await change(event) { (state) throws(WorkflowError) in _ = try Self.live(id, in: state) }
    }

    /// Records a published version (the outbox intent: its ledger index comes later).
    public func publish(id: String, revision: Int, version: WorkflowVersion) async throws(WorkflowError)
        -> WorkflowRecord
    {
        let event: JSONValue = .object([
            "event": "published", "id": .string(id), "version": Self.encode(version),
        ])
        return try await change(event) { (state) throws(WorkflowError) in
            let record = try Self.live(id, in: state)
            guard record.revision == revision else {
                throw WorkflowError(.revisionMismatch, "the draft changed while it was being published; publish again")
            }
            if let last = record.versions.last, !(last.semver < version.semver) {
                throw WorkflowError(.stateConflict, "version \(version.semver) is not above the latest \(last.semver)")
            }
        }.workflows[id]!
    }

    /// Records where the ledger put a version's manifest (the outbox delivery).
    public func recordLedgerIndex(id: String, semver: SemanticVersion, index: UInt64) async throws(WorkflowError) {
        let event: JSONValue = .object([
            "event": "ledgered", "id": .string(id), "semver": .string(semver.description),
            "index": .number(JSONNumber(Int64(index))),
        ])
        _ = try await change(event) { (state) throws(WorkflowError) in
            guard state.workflows[id]?.versions.contains(where: { $0.semver == semver }) == true else {
                throw WorkflowError(.notFound, "no version \(semver) of `\(id)`")
            }
        }
    }

    /// Remembers the response to a request made with an `Idempotency-Key`.
    public func rememberResponse(key: String, _ response: IdempotentResponse) async throws(WorkflowError) {
        let event: JSONValue = .object([
            "event": "idempotency", "key": .string(key), "digest": .string(response.requestDigest),
            "status": .number(JSONNumber(response.status)),
            "body": .string(String(decoding: response.body, as: UTF8.self)),
        ])
        _ = try await change(event) { _ throws(WorkflowError) in }
    }

    /// Checks, applies in memory and queues the event under the lock; then waits for the disk.
    private func change(_ event: JSONValue, check: (State) throws(WorkflowError) -> Void) async throws(WorkflowError)
        -> State
    {
        let bytes = event.encoded(.canonical)
        let durable = OneShot<Result<Void, WorkflowError>>()
        let after = try state.withLock { (state) throws(WorkflowError) -> State in
            if let failed = state.failed {
                throw WorkflowError(.storeFailed, "the store stopped after a failure: \(failed.message)")
            }
            try check(state)
            try Self.apply(event, to: &state)
            journal.submit(bytes) { durable.fulfil($0) }
            return state
        }
        if case .failure(let error) = await durable.value {
            state.withLock { $0.failed = error }
            throw error
        }
        return after
    }

    static func live(_ id: String, in state: State) throws(WorkflowError) -> WorkflowRecord {
        guard let record = state.workflows[id], record.state != .deleted else {
            throw WorkflowError(.notFound, "there is no workflow `\(id)`")
        }
        return record
    }
}
