import Foundation
import JSON
import TestSupport
import Testing

@testable import Gateway

/// Executions over real HTTP: admitted by the `execute` policies (with reasons when not), run to
/// the end by the engine, readable with their step timeline and history.
@Suite(.serialized)
struct ExecutionAPITests {
    typealias Running = GatewayEndToEndTests.Running

    static let definition = """
        {"name": "Sum", "labels": {"sensitivity": "internal"},
         "inputs": {"type": "object", "properties": {"n": {"type": "integer"}}},
         "steps": [
           {"id": "double", "kind": "task", "handler": "set", "timeout": "5s", "config": {"outputs": {"value": "context.input.n + context.input.n"}}},
           {"id": "big", "kind": "condition", "needs": ["double"], "expression": "context.steps.double.output.value > 10", "then": ["shout"], "else": ["whisper"]},
           {"id": "shout", "kind": "task", "handler": "noop", "timeout": "5s"},
           {"id": "whisper", "kind": "task", "handler": "noop", "timeout": "5s"}],
         "outputs": {"value": "steps.double.output.value", "a": "steps.shout.output", "b": "steps.whisper.output"}}
        """

    static func json(_ body: String) throws -> JSONValue { try JSONValue.parse(Array(body.utf8)) }

    @Test func executesAPublishedVersionBehindTheExecutePolicies() async throws {
        let running = try Running()
        func headers(_ sub: String, _ role: String, clearance: Int64? = nil) throws -> [String: String] {
            [
                "Authorization": "Bearer \(try running.token(sub: sub, role: role, clearance: clearance))",
                "Content-Type": "application/json",
            ]
        }
        let created = try Self.json(
            try await running.request(
                "/api/workflows", method: "POST", headers: try headers("alice", "author"), body: Self.definition
            )
            .body)
        let id = try #require(created["id"]?.stringValue, "\(created)")
        let unpublished = try await running.request(
            "/api/workflows/\(id)/execute", method: "POST", headers: try headers("olga", "operator", clearance: 2),
            body: "{}")
        #expect(unpublished.status == 409)
        #expect(
            try await running.request(
                "/api/workflows/\(id)/publish", method: "POST", headers: try headers("bob", "publisher")
            ).status == 201)

        // An operator whose clearance is below the workflow's sensitivity is told so.
        let low = try await running.request(
            "/api/workflows/\(id)/execute", method: "POST", headers: try headers("oscar", "operator", clearance: 0),
            body: #"{"input": {"n": 7}}"#)
        #expect(low.status == 403)
        #expect(
            try Self.json(low.body)["denial"]?["violations"]?.arrayValue?.first?["code"] == "authz.clearance_too_low")

        let olga = try headers("olga", "operator", clearance: 2)
        let started = try await running.request(
            "/api/workflows/\(id)/execute", method: "POST", headers: olga, body: #"{"input": {"n": 7}}"#)
        #expect(started.status == 202, "\(started.body)")
        let executionId = try #require(try Self.json(started.body)["executionId"]?.stringValue)
        var execution = JSONValue.null
        let deadline = ContinuousClock.now + .seconds(60)  // generous: the suite shares two cores
        while ContinuousClock.now < deadline {
            execution = try Self.json(try await running.request("/api/executions/\(executionId)", headers: olga).body)
            if execution["status"] == "succeeded" || execution["status"] == "failed" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(execution["status"] == "succeeded", "\(execution)")
        let steps = execution["steps"]?.arrayValue ?? []
        #expect(steps.map { $0["status"] } == ["succeeded", "succeeded", "succeeded", "skipped"])
        #expect(steps.first?["output"]?["value"] == 14)
        #expect(execution["history"]?.arrayValue?.first?["type"] == "ExecutionStarted")
        #expect(execution["history"]?.arrayValue?.last?["type"] == "ExecutionCompleted")

        let outsider = ["Authorization": "Bearer \(try running.token(sub: "m", role: "admin", tenant: "t2"))"]
        #expect(try await running.request("/api/executions/\(executionId)", headers: outsider).status == 404)
        await running.stop()
    }
}
