import Foundation
import JSON
import Orchestrator

/// Executions: start a published version (behind the `execute` policy), read one, cancel one.
enum ExecutionRoutes {
    static func add(to router: inout Router, service: WorkflowService, engine: ExecutionEngine) {
        router.post("/api/workflows/:id/execute") { context in
            try await service.idempotent(context) { try await execute(context, service, engine) }
        }
        router.get("/api/executions/:id") { context in
            let execution = try visible(try context.parameter("id"), context, service, engine, action: "read")
            return .json(json(execution))
        }
        router.post("/api/executions/:id/cancel") { context in
            let execution = try visible(try context.parameter("id"), context, service, engine, action: "execute")
            try await engine.cancel(execution.id, by: context.principal!.id)
            return .json(json(engine.execution(execution.id) ?? execution), status: 202)
        }
    }

    static func execute(_ context: RequestContext, _ service: WorkflowService, _ engine: ExecutionEngine) async throws
        -> HTTPResponse
    {
        let id = try context.parameter("id")
        let body = context.request.body.isEmpty ? JSONValue.object([:]) : try context.jsonBody()
        guard let record = service.store.workflow(id: id), record.state != .deleted else {
            throw APIError(
                status: 404, code: WorkflowError.Code.notFound.rawValue, detail: "there is no workflow `\(id)`")
        }
        let wanted = body["version"]?.stringValue
        guard let version = record.version(wanted) else {
            throw APIError(
                status: 409, code: WorkflowError.Code.stateConflict.rawValue,
                detail: wanted.map { "workflow `\(id)` has no version `\($0)`" }
                    ?? "workflow `\(id)` has no published version to execute")
        }
        // The policies see the version being run: its labels, in the published state.
        var resource = service.resource(record)
        resource.state = "published"
        resource.sensitivity = version.definition["labels"]?["sensitivity"]?.stringValue ?? "internal"
        resource.dataClasses =
            version.definition["labels"]?["data_classes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let outcome: PolicyGate.Outcome
        do throws(APIError) {
            outcome = try service.gate.authorize("execute", resource, context)
        } catch {
            if error.status == 403 && record.tenant != context.principal?.tenant {
                throw APIError(
                    status: 404, code: WorkflowError.Code.notFound.rawValue, detail: "there is no workflow `\(id)`")
            }
            throw error
        }
        let executionId = "ex_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try await engine.start(
            id: executionId, tenant: record.tenant, startedBy: context.principal!.id, definition: version.definition,
            workflowId: id, semver: version.semver.description, definitionDigest: version.definitionDigest,
            input: body["input"] ?? .object([:]), decisionId: outcome.decisionId)
        return .json(
            .object([
                "executionId": .string(executionId), "workflowId": .string(id),
                "semver": .string(version.semver.description),
                "definitionDigest": .string(version.definitionDigest), "decisionId": .string(outcome.decisionId),
                "status": "running",
            ]), status: 202, headers: ["Location": "/api/executions/\(executionId)"])
    }

    /// The execution if the caller may `action` its workflow; 404 for another tenant's.
    static func visible(
        _ id: String, _ context: RequestContext, _ service: WorkflowService, _ engine: ExecutionEngine, action: String
    ) throws(APIError) -> ExecutionEngine.Execution {
        guard let execution = engine.execution(id), execution.tenant == context.principal?.tenant,
            case .executionStarted(let workflowId, _, _, _, _)? = execution.history.first
        else {
            throw APIError(
                status: 404, code: WorkflowError.Code.notFound.rawValue, detail: "there is no execution `\(id)`")
        }
        _ = try service.authorized(workflowId, action, context)
        return execution
    }

    static func json(_ execution: ExecutionEngine.Execution) -> JSONValue {
        var steps: [JSONValue] = []
        for step in execution.machine.plan.steps {
            var member: [String: JSONValue] = ["id": .string(step.id), "kind": .string(step.kind)]
            switch execution.state.steps[step.id] ?? .waiting {
            case .waiting: member["status"] = "waiting"
            case .scheduled(let attempt):
                member.merge(["status": "scheduled", "attempt": .number(JSONNumber(attempt))]) { $1 }
            case .running(let attempt, _):
                member.merge(["status": "running", "attempt": .number(JSONNumber(attempt))]) { $1 }
            case .backingOff(let attempt, _):
                member.merge(["status": "retrying", "attempt": .number(JSONNumber(attempt))]) { $1 }
            case .succeeded(let attempt, let output):
                member.merge(["status": "succeeded", "attempt": .number(JSONNumber(attempt)), "output": output]) { $1 }
            case .failed(let attempt, let code, let message, _):
                member.merge([
                    "status": "failed", "attempt": .number(JSONNumber(attempt)),
                    "error": .object(["code": .string(code), "message": .string(message)]),
                ]) { $1 }
            case .skipped(let reason): member.merge(["status": "skipped", "reason": .string(reason)]) { $1 }
            }
            steps.append(.object(member))
        }
        return .object([
            "executionId": .string(execution.id), "workflowId": .string(execution.state.workflowId),
            "semver": .string(execution.state.semver), "status": .string(execution.state.status.rawValue),
            "startedBy": .string(execution.startedBy), "steps": .array(steps),
            "history": .array(execution.history.map(\.json)),
        ])
    }
}
