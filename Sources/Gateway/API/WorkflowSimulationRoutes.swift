import Foundation
import JSON
import Orchestrator
import PolicyEngine

/// `POST /api/workflows/simulate`: dry-run a definition with mocked step results, storing nothing.
///
/// Body: `{"definition": {…}, "input": {…}, "mocks": {"<stepId>": {"output", "failAttempts", "error",
/// "durationSeconds"}}, "env": {…}}`; only `definition` is required. `env` defaults to the caller's
/// `{tenant, purpose, time}` and its members override those. The answer is ``Simulation/json`` plus
/// the compiler's `warnings`; with a policy gate, the execution's own check carries the decision the
/// policies would make now (subprocess checks are decided when the subprocess starts).
enum WorkflowSimulationRoutes {
    /// Adds the route.
    /// - Parameter gate: The policies to decide the execution's check with; give it no decision log,
    ///   since these decisions are hypothetical and no execution follows them. `nil` lists the checks only.
    ///   - stored: Finds a stored version's definition (`workflowId`, `version` or the latest
    ///     published) for a caller allowed to read it; `nil` accepts inline definitions only.
    static func add(to router: inout Router, gate: PolicyGate?, stored: StoredDefinition? = nil) {
        router.post("/api/workflows/simulate") { context in
            try simulate(context, gate: gate, stored: stored)
        }
    }

    /// Looks up a stored version's definition for the caller: `(workflowId, semver or nil, context)`.
    typealias StoredDefinition = @Sendable (String, String?, RequestContext) throws(APIError) -> JSONValue

    /// The handler, callable without a server.
    /// - Throws: `APIError`: 400 (`workflow.type_mismatch`, `workflow.missing_member`,
    ///   `workflow.unknown_member`, `workflow.invalid_value`, the JSON parser's codes), 415, and 422
    ///   `workflow.invalid` with `errors` and `warnings` when the definition does not compile.
    static func simulate(
        _ context: RequestContext, gate: PolicyGate?, stored: StoredDefinition? = nil, now: Date = Date()
    ) throws(APIError) -> HTTPResponse {
        let body = try context.jsonBody()
        guard case .object(let members) = body else {
            throw badRequest(.typeMismatch, "the body must be an object with `definition`, not \(body.typeName)")
        }
        let known: Set = ["definition", "workflowId", "version", "input", "mocks", "env"]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw badRequest(
                .unknownMember,
                "unknown member `\(unknown)`; expected `definition` (or `workflowId` and `version`), `input`, `mocks` or `env`"
            )
        }
        let document: JSONValue
        if let inline = members["definition"] {
            guard members["workflowId"] == nil else {
                throw badRequest(.invalidValue, "give `definition` or `workflowId`, not both")
            }
            document = inline
        } else if let id = members["workflowId"]?.stringValue, let stored {
            document = try stored(id, members["version"]?.stringValue, context)
        } else {
            throw badRequest(
                .missingMember, "`definition` (a workflow definition) or `workflowId` (a stored workflow) is required")
        }
        let mocks: [String: StepMock]
        do throws(WorkflowError) {
            mocks = try StepMock.parse(mocks: members["mocks"] ?? .object([:]))
        } catch {
            throw badRequest(error.code, error.message)
        }
        let env = try environment(members["env"], context, now: now)
        let options = CompilerOptions(strict: try WorkflowValidationRoutes.strictFlag(context))
        let (parsed, findings) = WorkflowDefinition.parse(document)
        guard let definition = parsed else { throw invalid(findings, warnings: []) }
        let compilation = WorkflowCompiler.compile(definition, options: options)
        guard let plan = compilation.plan else { throw invalid(compilation.errors, warnings: compilation.warnings) }

        let simulation = WorkflowSimulator.simulate(
            definition, plan: plan, input: members["input"] ?? .object([:]), mocks: mocks, env: env)
        guard case .object(var result) = simulation.json else { return .json(simulation.json) }
        result["warnings"] = .array(compilation.warnings.map(\.json))
        if let gate {
            var checks: [JSONValue] = []
            for check in simulation.policyChecks {
                checks.append(try decide(check, definition, gate: gate, context, now: now))
            }
            result["policyChecks"] = .array(checks)
        }
        return .json(.object(result))
    }

    /// The check with the policies' answer: `decision` (``Decision/json``, or the denial for a
    /// deny) and `decisionId`; a subprocess's check has `decision: null` and says why.
    static func decide(
        _ check: Simulation.PolicyCheck, _ definition: WorkflowDefinition, gate: PolicyGate,
        _ context: RequestContext, now: Date
    ) throws(APIError) -> JSONValue {
        guard case .object(var members) = check.json else { return check.json }
        guard check.stepId == nil, let principal = context.principal else {
            members["decision"] = .null
            members["pending"] = .string(
                check.stepId == nil
                    ? "decided for an authenticated caller only"
                    : "decided when the subprocess starts, once its version and labels are known")
            return .object(members)
        }
        let resource = PolicyGate.WorkflowResource(
            id: definition.id ?? "draft", tenant: principal.tenant, owner: principal.id, lastEditor: nil,
            state: "published", sensitivity: definition.labels["sensitivity"]?.stringValue ?? "internal",
            tags: definition.tags,
            dataClasses: definition.labels["data_classes"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        do throws(APIError) {
            let outcome = try gate.authorize(check.action, resource, context, now: now)
            members["decision"] = outcome.decision.json
            members["decisionId"] = .string(outcome.decisionId)
        } catch {
            guard error.status == 403 else { throw error }
            members["decision"] = .object([
                "decision": "deny", "denial": error.extensions["denial"] ?? .null,
                "policySetDigest": error.extensions["policySetDigest"] ?? .null,
            ])
            members["decisionId"] = error.extensions["decisionId"] ?? .null
        }
        return .object(members)
    }

    /// `context.env`: the caller's tenant and purpose and the time, overridden by the body's `env`.
    static func environment(_ given: JSONValue?, _ context: RequestContext, now: Date) throws(APIError) -> JSONValue {
        var env: [String: JSONValue] = ["time": .number(JSONNumber(Int64(now.timeIntervalSince1970)))]
        if let principal = context.principal {
            env["tenant"] = .string(principal.tenant)
            if let purpose = context.headers["X-Purpose"] ?? principal.purpose { env["purpose"] = .string(purpose) }
        }
        if let given {
            guard case .object(let members) = given else {
                throw badRequest(.typeMismatch, "`env` must be an object, not \(given.typeName)")
            }
            env.merge(members) { _, new in new }
        }
        return .object(env)
    }

    static func invalid(_ errors: [WorkflowFinding], warnings: [WorkflowFinding]) -> APIError {
        APIError(
            status: 422, code: WorkflowError.Code.invalid.rawValue,
            detail: "the definition has \(errors.count) error(s); see `errors`",
            extensions: ["errors": .array(errors.map(\.json)), "warnings": .array(warnings.map(\.json))])
    }

    static func badRequest(_ code: WorkflowError.Code, _ detail: String) -> APIError {
        APIError.badRequest(code.rawValue, detail)
    }
}
