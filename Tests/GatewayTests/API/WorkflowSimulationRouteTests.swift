import Foundation
import JSON
import TestSupport
import Testing

@testable import Gateway

/// `POST /api/workflows/simulate`, called through its handler with a request built in memory.
struct WorkflowSimulationRouteTests {
    static func context(
        _ body: String, role: String = "operator", clearance: Int64? = 2, contentType: String = "application/json"
    ) throws -> RequestContext {
        var claims: [String: JSONValue] = ["sub": "alice", "tenant": "t1", "role": .string(role)]
        if let clearance { claims["clearance"] = .number(JSONNumber(clearance)) }
        let head = HTTPRequestHead(
            method: "POST", target: "/api/workflows/simulate", version: .http11,
            headers: HTTPHeaders([("Content-Type", contentType)]))
        return RequestContext(
            request: HTTPRequest(head: head, body: Array(body.utf8)),
            info: ConnectionInfo(peer: "10.0.0.7:41234", receivedAt: 0), parameters: [:],
            route: "/api/workflows/simulate", requestID: "r1",
            principal: try AuthenticatedPrincipal(claims: .object(claims)))
    }

    static func json(_ response: HTTPResponse) throws -> JSONValue {
        guard case .bytes(let bytes) = response.body else {
            Issue.record("expected a whole body")
            return .null
        }
        return try JSONValue.parse(bytes)
    }

    static func failure(_ body: () throws(APIError) -> Void) -> APIError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    static let request = """
        {"definition": {"id": "w1", "name": "pay", "labels": {"sensitivity": "restricted"}, "steps": [
           {"id": "charge", "kind": "task", "handler": "pay.charge", "timeout": "10s"},
           {"id": "big", "kind": "condition", "needs": ["charge"], "expression": "context.steps.charge.output.amount > 100",
            "then": ["review"], "else": ["done"]},
           {"id": "review", "kind": "subprocess", "workflowId": "review", "timeout": "1h"},
           {"id": "done", "kind": "task", "handler": "noop", "timeout": "10s"}]},
         "input": {"order": 7},
         "mocks": {"charge": {"output": {"amount": 250}, "durationSeconds": 2}, "review": {"durationSeconds": 60}}}
        """

    @Test func simulatesAndListsThePolicyChecksWithoutAGate() throws {
        let response = try WorkflowSimulationRoutes.simulate(try Self.context(Self.request), gate: nil)
        #expect(response.status == 200)
        let json = try Self.json(response)
        #expect(json["status"] == "succeeded")
        #expect(json["totalSeconds"] == 62)
        #expect(json["conditions"]?.arrayValue?.first?["branch"] == "then")
        let checks = try #require(json["policyChecks"]?.arrayValue)
        #expect(checks.map { $0["resource"]?["id"] } == ["w1", "review"])
        #expect(checks.allSatisfy { $0["decision"] == nil })
        #expect(json["warnings"]?.arrayValue != nil)
    }

    @Test func aGateDecidesTheExecutionAndExplainsADenial() throws {
        let gate = PolicyGateTests.gate
        let response = try WorkflowSimulationRoutes.simulate(try Self.context(Self.request, clearance: 4), gate: gate)
        let checks = try #require(try Self.json(response)["policyChecks"]?.arrayValue)
        // Restricted and no stated justification: denied, with the policy that says why.
        let own = try #require(checks.first)
        #expect(own["decision"]?["decision"] == "deny")
        let codes = own["decision"]?["denial"]?["violations"]?.arrayValue?.compactMap { $0["code"]?.stringValue }
        #expect(codes == ["authz.justification_required"])
        #expect(own["decisionId"]?.stringValue?.count == 36)
        #expect(checks[1]["decision"] == .null)
        #expect(checks[1]["pending"]?.stringValue?.contains("subprocess") == true)

        let internalRequest = Self.request.replacingOccurrences(of: "\"restricted\"", with: "\"internal\"")
        let allowed = try WorkflowSimulationRoutes.simulate(try Self.context(internalRequest), gate: gate)
        let decision = try Self.json(allowed)["policyChecks"]?.arrayValue?.first?["decision"]
        #expect(decision?["decision"] == "allow")
        #expect(decision?["determining"]?.arrayValue?.contains("execute-by-operators") == true)
    }

    @Test func aDefinitionThatDoesNotCompileIs422WithEveryFinding() throws {
        let body = """
            {"definition": {"name": "bad", "steps": [
              {"id": "a", "kind": "task", "handler": "h", "needs": ["ghost"]}]}}
            """
        let context = try Self.context(body)
        let error = try #require(
            Self.failure { () throws(APIError) in _ = try WorkflowSimulationRoutes.simulate(context, gate: nil) })
        #expect(error.status == 422 && error.code == "workflow.invalid")
        let first = error.extensions["errors"]?.arrayValue?.first
        #expect(first?["code"] == "workflow.unknown_need" && first?["pointer"] == "/steps/0/needs/0")

        let unparsable = try Self.context(#"{"definition": {"steps": 3}}"#)
        let parseError = try #require(
            Self.failure { () throws(APIError) in _ = try WorkflowSimulationRoutes.simulate(unparsable, gate: nil) })
        #expect(parseError.status == 422 && parseError.extensions["errors"]?.arrayValue?.isEmpty == false)
    }

    @Test(arguments: [
        (#"[1]"#, "workflow.type_mismatch"),
        (#"{"input": {}}"#, "workflow.missing_member"),
        (#"{"definition": {}, "mock": {}}"#, "workflow.unknown_member"),
        (#"{"definition": {}, "mocks": {"a": {"failAttempts": "2"}}}"#, "workflow.invalid_value"),
        (#"{"definition": {}, "env": 1}"#, "workflow.type_mismatch"),
    ])
    func malformedRequestsAre400WithACode(_ body: String, _ code: String) throws {
        let context = try Self.context(body)
        let error = try #require(
            Self.failure { () throws(APIError) in _ = try WorkflowSimulationRoutes.simulate(context, gate: nil) })
        #expect(error.status == 400)
        #expect(error.code == code)
    }

    @Test func theRouteIsRegisteredForPost() {
        var router = Router()
        WorkflowSimulationRoutes.add(to: &router, gate: nil)
        guard
            case .found(_, let template, _, let authenticated) = router.match(
                method: "POST", path: "/api/workflows/simulate")
        else {
            Issue.record("no route")
            return
        }
        #expect(template == "/api/workflows/simulate" && authenticated)
    }

    @Test func envDefaultsToTheCallerAndTheBodyOverridesIt() throws {
        let steps = """
            {"definition": {"name": "env", "steps": [
               {"id": "c", "kind": "condition", "expression": "context.env.tenant == \\"t1\\" && context.env.time == 1000",
                "then": ["a"]},
               {"id": "a", "kind": "task", "handler": "h", "timeout": "1s"}]}%@}
            """
        let now = Date(timeIntervalSince1970: 1000)
        let plain = try WorkflowSimulationRoutes.simulate(
            try Self.context(steps.replacingOccurrences(of: "%@", with: "")), gate: nil, now: now)
        #expect(try Self.json(plain)["conditions"]?.arrayValue?.first?["branch"] == "then")
        let overridden = try WorkflowSimulationRoutes.simulate(
            try Self.context(steps.replacingOccurrences(of: "%@", with: #", "env": {"tenant": "t9"}"#)), gate: nil,
            now: now)
        #expect(try Self.json(overridden)["conditions"]?.arrayValue?.first?["branch"] == "else")
    }
}
