import Foundation
import JSON
import Orchestrator

/// Drafts: create, list, read, update, delete and clone — each behind the policy gate.
enum WorkflowRoutes {
    static func add(to router: inout Router, service: WorkflowService) {
        router.post("/api/workflows") { context in
            try await service.idempotent(context) {
                let draft = try compiled(try context.jsonBody(), context)
                return try await create(draft, context, service)
            }
        }
        router.get("/api/workflows") { context in try list(context, service) }
        router.get("/api/workflows/:id") { context in
            let (record, _) = try service.authorized(try context.parameter("id"), "read", context)
            return .json(WorkflowJSON.workflow(record), headers: ["ETag": record.etag])
        }
        router.put("/api/workflows/:id") { context in
            let id = try context.parameter("id")
            guard let match = context.headers["If-Match"] else {
                throw APIError(
                    status: 428, code: WorkflowError.Code.revisionRequired.rawValue,
                    detail: "send `If-Match` with the ETag from your last read of the workflow")
            }
            var draft = try compiled(try context.jsonBody(), context)
            if case .object(var members) = draft {
                members["id"] = .string(id)  // the path names the workflow; the body cannot rename it
                draft = .object(members)
            }
            let (record, _) = try service.authorized(id, "update", context)
            guard match == record.etag, let revision = Int(match.trimmingCharacters(in: ["\""])) else {
                throw APIError(
                    status: 412, code: WorkflowError.Code.revisionMismatch.rawValue,
                    detail: "the draft is at \(record.etag), not \(match); read it again and reapply your change")
            }
            let updated = try await service.store.updateDraft(
                id: id, revision: revision, draft: draft, editor: context.principal!.id, at: service.clock())
            return .json(WorkflowJSON.workflow(updated), headers: ["ETag": updated.etag])
        }
        router.delete("/api/workflows/:id") { context in
            let id = try context.parameter("id")
            _ = try service.authorized(id, "delete", context)
            try await service.store.delete(id: id, by: context.principal!.id, at: service.clock())
            return HTTPResponse(status: 204)
        }
        router.post("/api/workflows/:id/clone") { context in
            try await service.idempotent(context) {
                let (source, _) = try service.authorized(try context.parameter("id"), "read", context)
                var draft = source.draft
                if case .object(var members) = draft {
                    members["name"] = .string("Copy of " + source.name)
                    members["id"] = nil
                    draft = .object(members)
                }
                return try await create(draft, context, service)
            }
        }
    }

    /// The body as a definition, refused with every finding when it does not compile.
    static func compiled(_ document: JSONValue, _ context: RequestContext) throws -> JSONValue {
        let strict = try WorkflowValidationRoutes.strictFlag(context)
        let compilation = WorkflowCompiler.compile(document: document, options: CompilerOptions(strict: strict))
        guard compilation.plan != nil else {
            throw APIError(
                status: 422, code: WorkflowError.Code.invalid.rawValue,
                detail: "the definition has \(compilation.errors.count) error(s); see `errors`",
                extensions: [
                    "errors": .array(compilation.errors.map(\.json)),
                    "warnings": .array(compilation.warnings.map(\.json)),
                ])
        }
        return document
    }

    static func create(_ draft: JSONValue, _ context: RequestContext, _ service: WorkflowService) async throws
        -> HTTPResponse
    {
        let principal = context.principal!
        let id = WorkflowService.newWorkflowId()
        var stored = draft
        if case .object(var members) = stored {
            members["id"] = .string(id)
            stored = .object(members)
        }
        try service.gate.authorize(
            "create", service.newResource(id: id, draft: stored, owner: principal.id, tenant: principal.tenant), context
        )
        let record = try await service.store.create(
            id: id, tenant: principal.tenant, owner: principal.id, draft: stored, at: service.clock())
        return .json(
            WorkflowJSON.workflow(record), status: 201,
            headers: ["ETag": record.etag, "Location": "/api/workflows/\(record.id)"])
    }

    /// `GET /api/workflows?owner=&tag=&state=&updatedSince=&cursor=&limit=`: the caller's tenant,
    /// only what the policies let the caller read, by id, a page at a time.
    static func list(_ context: RequestContext, _ service: WorkflowService) throws -> HTTPResponse {
        let principal = context.principal!
        let limit = try context.queryInteger("limit", in: 1...100, default: 20)
        let since = try context.query("updatedSince").map { text throws(APIError) -> Int64 in
            guard let seconds = Int64(text) else {
                throw APIError.badRequest(
                    GatewayError.Code.invalidParameter.rawValue,
                    "`updatedSince` is seconds since the epoch, not `\(text)`")
            }
            return seconds
        }
        let after = context.query("cursor")
        var page: [JSONValue] = []
        var next: String?
        for record in service.store.workflows(tenant: principal.tenant) {
            if let after, record.id <= after { continue }
            if let owner = context.query("owner"), record.owner != owner { continue }
            if let tag = context.query("tag"), !record.tags.contains(tag) { continue }
            if let state = context.query("state"), record.state.rawValue != state { continue }
            if let since, record.updatedAt < since { continue }
            guard (try? service.gate.authorize("read", service.resource(record), context)) != nil else { continue }
            if page.count == limit {
                next = page.last?["id"]?.stringValue
                break
            }
            page.append(WorkflowJSON.summary(record))
        }
        return .json(.object(["items": .array(page), "nextCursor": next.map(JSONValue.string) ?? .null]))
    }
}
