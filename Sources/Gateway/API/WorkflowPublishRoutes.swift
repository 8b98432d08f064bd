import Cryptography
import Foundation
import JSON
import Ledger
import Orchestrator

/// Publishing: an immutable version, its manifest in the ledger through the outbox, and the
/// proofs that show it is there.
enum WorkflowPublishRoutes {
    static func add(to router: inout Router, service: WorkflowService) {
        router.post("/api/workflows/:id/publish") { context in
            try await service.idempotent(context) { try await publish(context, service) }
        }
        router.get("/api/workflows/:id/versions") { context in
            let (record, _) = try service.authorized(try context.parameter("id"), "read", context)
            return .json(.object(["items": .array(record.versions.reversed().map(WorkflowJSON.versionSummary))]))
        }
        router.get("/api/workflows/:id/versions/:semver") { context in
            let (record, _) = try service.authorized(try context.parameter("id"), "read", context)
            let text = try context.parameter("semver")
            guard let version = record.version(text) else {
                throw APIError(
                    status: 404, code: WorkflowError.Code.notFound.rawValue,
                    detail: "workflow `\(record.id)` has no version `\(text)`")
            }
            return .json(try versionDetail(version, service))
        }
    }

    static func publish(_ context: RequestContext, _ service: WorkflowService) async throws -> HTTPResponse {
        let id = try context.parameter("id")
        var bump: SemanticVersion.Bump?
        if !context.request.body.isEmpty {
            let body = try context.jsonBody()
            if let text = body["bump"]?.stringValue {
                guard let parsed = SemanticVersion.Bump(rawValue: text) else {
                    throw APIError.badRequest(
                        GatewayError.Code.invalidParameter.rawValue,
                        "`bump` is `major`, `minor` or `patch`, not `\(text)`")
                }
                bump = parsed
            }
        }
        let bumpRequested = bump
        return try await service.publishes.run(id) {
            let version = try await recordVersion(id: id, bump: bumpRequested, context, service)
            let index = try await deliver(workflowId: id, version: version, service)
            var delivered = version
            delivered.ledgerIndex = index
            return .json(try versionDetail(delivered, service), status: 201)
        }
    }

    /// Records a new version of the draft: decides, compiles, numbers and stores it. Another
    /// publish (or edit) that wins a race makes it decide again on the new state, so concurrent
    /// publishers each get the next version.
    static func recordVersion(
        id: String, bump: SemanticVersion.Bump?, _ context: RequestContext, _ service: WorkflowService
    ) async throws -> WorkflowVersion {
        var attempt = 0
        while true {
            attempt += 1
            let (record, outcome) = try service.authorized(id, "publish", context)
            let compilation = WorkflowCompiler.compile(document: record.draft)
            guard let plan = compilation.plan else {
                throw APIError(
                    status: 422, code: WorkflowError.Code.invalid.rawValue,
                    detail: "the draft does not compile; fix it first",
                    extensions: ["errors": .array(compilation.errors.map(\.json))])
            }
            let previous = record.versions.last
            let diff = VersionDiff(from: previous?.definition, to: record.draft)
            let semver =
                previous.map { $0.semver.bumped(bump ?? diff.suggestedBump) }
                ?? (bump.map { SemanticVersion(0, 0, 0).bumped($0) } ?? SemanticVersion(1, 0, 0))
            let now = service.clock()
            let definitionDigest = WorkflowService.digest(record.draft)
            let planDigest = WorkflowService.digest(plan.json)
            let manifest: JSONValue = .object([
                "type": "maestro.workflow.version/v1", "workflowId": .string(id), "tenant": .string(record.tenant),
                "semver": .string(semver.description), "definitionDigest": .string(definitionDigest),
                "planDigest": .string(planDigest), "policySetDigest": .string(outcome.decision.policySetDigest),
                "publisher": .string(context.principal!.id), "publishedAt": .number(JSONNumber(now)),
                "decisionId": .string(outcome.decisionId),
            ])
            let version = WorkflowVersion(
                semver: semver, definition: record.draft, definitionDigest: definitionDigest, planDigest: planDigest,
                policySetDigest: outcome.decision.policySetDigest, publishedBy: context.principal!.id, publishedAt: now,
                decisionId: outcome.decisionId, manifest: manifest.encoded(.canonical), ledgerIndex: nil, diff: diff)
            // The outbox: the version is durable first; the ledger append is idempotent by key, and a
            // restart delivers whatever a crash left undelivered.
            do throws(WorkflowError) {
                _ = try await service.store.publish(id: id, revision: record.revision, version: version)
                return version
            } catch {
                guard attempt < 5, error.code == .revisionMismatch || error.code == .stateConflict else { throw error }
            }
        }
    }

    /// Appends a version's manifest to the ledger (once, whatever the retries) and records where.
    static func deliver(workflowId: String, version: WorkflowVersion, _ service: WorkflowService) async throws -> UInt64
    {
        let appended: FileLedger.Appended
        do {
            appended = try await service.ledger.append(
                version.manifest, idempotencyKey: ledgerKey(workflowId, version.semver))
        } catch {
            throw APIError(
                status: 503, code: WorkflowError.Code.ledgerPending.rawValue,
                detail: "version \(version.semver) is published; its ledger entry will follow (\(error.code))",
                headers: ["Retry-After": "5"])
        }
        try await service.store.recordLedgerIndex(id: workflowId, semver: version.semver, index: appended.leafIndex)
        return appended.leafIndex
    }

    static func ledgerKey(_ workflowId: String, _ semver: SemanticVersion) -> String {
        "publish:\(workflowId)@\(semver)"
    }

    /// Delivers every version the outbox still holds. Called at start and after failures.
    static func deliverOutbox(_ service: WorkflowService) async {
        for (workflowId, version) in service.store.undeliveredVersions() {
            _ = try? await deliver(workflowId: workflowId, version: version, service)
        }
    }

    /// A version with its ledger proof: index, leaf hash, inclusion path and the signed checkpoint.
    static func versionDetail(_ version: WorkflowVersion, _ service: WorkflowService) throws -> JSONValue {
        var detail = WorkflowJSON.versionSummary(version)
        if case .object(var members) = detail {
            members["definition"] = version.definition
            members["manifest"] = .string(String(decoding: version.manifest, as: UTF8.self))
            if let index = version.ledgerIndex {
                let checkpoint = service.ledger.checkpoint
                let proof = try service.ledger.inclusionProof(
                    leafIndex: index, treeSize: checkpoint.checkpoint.treeSize)
                members["ledger"] = .object([
                    "leafIndex": .number(JSONNumber(Int64(index))),
                    "leafHash": .string(TreeHasher.leafHash(of: version.manifest).hex),
                    "treeSize": .number(JSONNumber(Int64(proof.treeSize))),
                    "inclusion": .array(proof.path.map { .string($0.hex) }),
                    "checkpoint": .string(checkpoint.note),
                ])
            } else {
                members["ledger"] = .object(["status": "pending"])
            }
            detail = .object(members)
        }
        return detail
    }
}
