import Cryptography
import Foundation
import JSON
import Ledger
import TestSupport
import Testing

@testable import Gateway

/// Create → read → update → publish → versions over real HTTP, with tokens for different roles
/// and tenants; denials are asserted on their reasons, and published versions on their proofs.
@Suite(.serialized)
struct WorkflowAPITests {
    typealias Running = GatewayEndToEndTests.Running

    static let definition = """
        {"name": "Expense approval", "labels": {"sensitivity": "internal"}, "tags": ["finance"],
         "steps": [
           {"id": "check", "kind": "task", "handler": "expenses.check", "timeout": "30s"},
           {"id": "book", "kind": "task", "handler": "ledger.book", "timeout": "1m", "needs": ["check"]}],
         "outputs": {"booking": "steps.book.output.id"}}
        """

    static func headers(_ running: Running, sub: String = "alice", role: String = "author", tenant: String = "t1")
        throws -> [String: String]
    {
        [
            "Authorization": "Bearer \(try running.token(sub: sub, role: role, tenant: tenant))",
            "Content-Type": "application/json",
        ]
    }

    static func json(_ body: String) throws -> JSONValue { try JSONValue.parse(Array(body.utf8)) }

    @Test func createsUpdatesPublishesAndProvesAWorkflow() async throws {
        let running = try Running()
        let alice = try Self.headers(running)
        let validation = try Self.json(
            try await running.request("/api/workflows/validate", method: "POST", headers: alice, body: Self.definition)
                .body)
        #expect(validation["valid"] == true && validation["warnings"]?.arrayValue?.isEmpty == true)
        let created = try await running.request("/api/workflows", method: "POST", headers: alice, body: Self.definition)
        #expect(created.status == 201, "\(created.body)")
        let workflow = try Self.json(created.body)
        let id = try #require(workflow["id"]?.stringValue)
        #expect(id.hasPrefix("wf_") && created.headers["location"] == "/api/workflows/\(id)")
        #expect(workflow["draft"]?["version"] == "0.1.0-draft" && workflow["state"] == "draft")
        #expect(created.headers["etag"] == "\"1\"")

        // Update needs the ETag, and a stale one is refused.
        let changed = Self.definition.replacingOccurrences(of: "\"1m\"", with: "\"2m\"")
        let missing = try await running.request("/api/workflows/\(id)", method: "PUT", headers: alice, body: changed)
        #expect(missing.status == 428)
        #expect(try (Self.json(missing.body))["code"] == "workflow.revision_required")
        var ifMatch = alice
        ifMatch["If-Match"] = "\"7\""
        let stale = try await running.request("/api/workflows/\(id)", method: "PUT", headers: ifMatch, body: changed)
        #expect(stale.status == 412)
        #expect(try (Self.json(stale.body))["code"] == "workflow.revision_mismatch")
        ifMatch["If-Match"] = "\"1\""
        let updated = try await running.request("/api/workflows/\(id)", method: "PUT", headers: ifMatch, body: changed)
        #expect(updated.status == 200 && updated.headers["etag"] == "\"2\"")

        // An author who did not edit it may not publish either: the nearest permit says what role is needed.
        let dave = try Self.headers(running, sub: "dave", role: "author")
        let denied = try await running.request("/api/workflows/\(id)/publish", method: "POST", headers: dave)
        #expect(denied.status == 403)
        let problem = try Self.json(denied.body)
        #expect(problem["code"] == "policy.denied")
        #expect(problem["denial"]?["kind"] == "not_permitted")
        let nearest = problem["denial"]?["violations"]?.arrayValue?.first
        #expect(nearest?["policy"] == "publish-by-publishers" && nearest?["code"] == "authz.role_required")
        #expect(problem["decisionId"]?.stringValue?.isEmpty == false)
        #expect(problem["policySetDigest"]?.stringValue?.hasPrefix("sha256:") == true)

        // Another person with the publisher role publishes; the version is in the ledger.
        let bob = try Self.headers(running, sub: "bob", role: "publisher")
        let published = try await running.request("/api/workflows/\(id)/publish", method: "POST", headers: bob)
        #expect(published.status == 201, "\(published.body)")
        let version = try Self.json(published.body)
        #expect(version["semver"] == "1.0.0")
        let ledger = try #require(version["ledger"])
        let vkey = try String(contentsOfFile: running.data.path("data/keys/ledger.vkey"), encoding: .utf8)
        let checkpoint = try Checkpoint.open(
            note: try #require(ledger["checkpoint"]?.stringValue),
            verifier: try NoteVerifier(verifierKey: vkey.trimmingCharacters(in: .newlines)))
        let manifest = Array(try #require(version["manifest"]?.stringValue).utf8)
        try InclusionProof.verify(
            leafIndex: UInt64(try #require(ledger["leafIndex"]?.int64Value)), treeSize: checkpoint.treeSize,
            leafHash: TreeHasher.leafHash(of: manifest).bytes,
            path: try #require(ledger["inclusion"]?.arrayValue).map { try Hex.decode($0.stringValue ?? "") },
            rootHash: checkpoint.rootHash.bytes)
        let manifestJSON = try JSONValue.parse(manifest)
        #expect(manifestJSON["workflowId"] == .string(id) && manifestJSON["publisher"] == "bob")
        #expect(manifestJSON["definitionDigest"] == version["definitionDigest"])

        // Adding a step is a minor version; the diff says what changed.
        var editor = bob
        editor["If-Match"] = "\"2\""
        let withStep = changed.replacingOccurrences(
            of: "\"needs\": [\"check\"]}]",
            with:
                "\"needs\": [\"check\"]}, {\"id\": \"notify\", \"kind\": \"task\", \"handler\": \"mail\", \"timeout\": \"5s\", \"needs\": [\"book\"]}]"
        )
        _ = try await running.request("/api/workflows/\(id)", method: "PUT", headers: editor, body: withStep)
        // Bob edited last: four eyes stop him from publishing his own change.
        let own = try await running.request("/api/workflows/\(id)/publish", method: "POST", headers: bob)
        #expect(own.status == 403)
        #expect((try Self.json(own.body))["denial"]?["violations"]?.arrayValue?.first?["code"] == "authz.four_eyes")
        let carol = try Self.headers(running, sub: "carol", role: "publisher")
        let minor = try await running.request("/api/workflows/\(id)/publish", method: "POST", headers: carol)
        #expect((try Self.json(minor.body))["semver"] == "1.1.0")
        #expect((try Self.json(minor.body))["diff"]?["addedSteps"] == ["notify"])

        let versions = try Self.json(try await running.request("/api/workflows/\(id)/versions", headers: alice).body)
        #expect(versions["items"]?.arrayValue?.map { $0["semver"] } == ["1.1.0", "1.0.0"])
        #expect(versions["items"]?.arrayValue?.allSatisfy { $0["ledgerIndex"]?.int64Value != nil } == true)
        // A stored version simulates like an inline definition; another tenant cannot reach it.
        let simulated = try await running.request(
            "/api/workflows/simulate", method: "POST", headers: alice,
            body: #"{"workflowId": "\#(id)", "version": "1.0.0"}"#)
        #expect(simulated.status == 200)
        #expect(try Self.json(simulated.body)["steps"]?.arrayValue?.map { $0["id"] } == ["check", "book"])
        let foreign = try await running.request(
            "/api/workflows/simulate", method: "POST",
            headers: try Self.headers(running, sub: "m", role: "admin", tenant: "t2"),
            body: #"{"workflowId": "\#(id)"}"#)
        #expect(foreign.status == 404)
        let one = try await running.request("/api/workflows/\(id)/versions/1.0.0", headers: alice)
        #expect(one.status == 200)
        #expect(try (Self.json(one.body))["ledger"]?["leafIndex"] != nil)
        await running.stop()
    }

    @Test func hidesOtherTenantsAndExplainsRoleDenials() async throws {
        let running = try Running()
        let created = try Self.json(
            try await running.request(
                "/api/workflows", method: "POST", headers: try Self.headers(running), body: Self.definition
            ).body)
        let id = try #require(created["id"]?.stringValue)
        let outsider = try Self.headers(running, sub: "mallory", role: "admin", tenant: "t2")
        let hidden = try await running.request("/api/workflows/\(id)", headers: outsider)
        #expect(hidden.status == 404)
        #expect(try (Self.json(hidden.body))["code"] == "workflow.not_found")
        let absent = try await running.request("/api/workflows/wf_nothing", headers: outsider)
        #expect(absent.status == 404 && absent.body.count == hidden.body.count - id.count + "wf_nothing".count)
        let list = try Self.json(try await running.request("/api/workflows", headers: outsider).body)
        #expect(list["items"]?.arrayValue?.isEmpty == true)

        let viewer = try Self.headers(running, sub: "vic", role: "viewer")
        let refused = try await running.request(
            "/api/workflows", method: "POST", headers: viewer, body: Self.definition)
        #expect(refused.status == 403)
        let violation = try Self.json(refused.body)["denial"]?["violations"]?.arrayValue?.first
        #expect(violation?["code"] == "authz.role_required")
        let listed = try Self.json(try await running.request("/api/workflows?tag=finance", headers: viewer).body)
        #expect(listed["items"]?.arrayValue?.map { $0["id"] } == [.string(id)])

        let invalid = try await running.request(
            "/api/workflows", method: "POST", headers: try Self.headers(running), body: #"{"name": "x", "steps": []}"#)
        #expect(invalid.status == 422)
        #expect((try Self.json(invalid.body))["errors"]?.arrayValue?.first?["pointer"] == "/steps")
        await running.stop()
    }

    @Test func concurrentPublishesEachGetTheirOwnVersion() async throws {
        let running = try Running()
        let created = try Self.json(
            try await running.request(
                "/api/workflows", method: "POST", headers: try Self.headers(running), body: Self.definition
            )
            .body)
        let id = try #require(created["id"]?.stringValue)
        let bob = try Self.headers(running, sub: "bob", role: "publisher")
        let semvers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let response = try await running.request(
                        "/api/workflows/\(id)/publish", method: "POST", headers: bob)
                    return (response.status, try Self.json(response.body)["semver"]?.stringValue)
                }
            }
            return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
        }
        #expect(semvers.allSatisfy { $0.0 == 201 }, "\(semvers)")
        #expect(
            Set(semvers.compactMap(\.1)) == ["1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4", "1.0.5", "1.0.6", "1.0.7"])
        await running.stop()
    }

    @Test func servesTheSchemaAndCreatesFromTemplates() async throws {
        let running = try Running()
        let schema = try await running.request("/api/schemas/workflow")
        #expect(schema.status == 200 && schema.headers["content-type"] == "application/schema+json")
        #expect(try Self.json(schema.body)["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        let alice = try Self.headers(running)
        let templates = try Self.json(try await running.request("/api/workflow-templates", headers: alice).body)
        #expect(templates["items"]?.arrayValue?.map { $0["id"] } == ["approval", "routing", "etl"])
        let created = try await running.request("/api/workflow-templates/etl/create", method: "POST", headers: alice)
        #expect(created.status == 201)
        #expect(try Self.json(created.body)["draft"]?["definition"]?["steps"]?.arrayValue?.isEmpty == false)
        let missing = try await running.request("/api/workflow-templates/nope/create", method: "POST", headers: alice)
        #expect(missing.status == 404)
        await running.stop()
    }

    @Test func logsEveryDecisionForComplianceWithinTheTenant() async throws {
        let running = try Running()
        let author = try Self.headers(running)
        _ = try await running.request("/api/workflows", method: "POST", headers: author, body: Self.definition)
        let viewer = try Self.headers(running, sub: "vic", role: "viewer")
        _ = try await running.request("/api/workflows", method: "POST", headers: viewer, body: Self.definition)

        let compliance = try Self.headers(running, sub: "cora", role: "compliance")
        let denials = try Self.json(try await running.request("/api/decisions?decision=deny", headers: compliance).body)
        let denial = try #require(denials["items"]?.arrayValue?.first)
        #expect(denial["principal"] == "vic" && denial["action"] == "create" && denial["decision"] == "deny")
        #expect(denial["denial"]?["violations"]?.arrayValue?.first?["code"] == "authz.role_required")
        #expect(denial["policySetDigest"]?.stringValue?.hasPrefix("sha256:") == true)
        let all = try Self.json(try await running.request("/api/decisions", headers: compliance).body)
        // Her own queries are decisions too: the second one sees the first.
        #expect(all["items"]?.arrayValue?.map { $0["principal"] } == ["alice", "vic", "cora", "cora"])

        let refused = try await running.request("/api/decisions", headers: author)
        #expect(refused.status == 403)
        #expect(
            try Self.json(refused.body)["denial"]?["violations"]?.arrayValue?.first?["policy"]
                == "decisions-by-compliance")
        let elsewhere = try Self.headers(running, sub: "zed", role: "compliance", tenant: "t2")
        let other = try Self.json(try await running.request("/api/decisions", headers: elsewhere).body)
        #expect(other["items"]?.arrayValue?.map { $0["principal"] } == ["zed"])  // only its own query
        await running.stop()
    }

    @Test func replaysCreatesWithTheSameIdempotencyKeyAndSurvivesARestart() async throws {
        let data = try TemporaryDirectory()
        var running = try Running(data: data)
        var headers = try Self.headers(running)
        headers["Idempotency-Key"] = "create-1"
        let first = try await running.request("/api/workflows", method: "POST", headers: headers, body: Self.definition)
        let again = try await running.request("/api/workflows", method: "POST", headers: headers, body: Self.definition)
        #expect(first.status == 201 && again.status == 201)
        #expect(again.body == first.body && again.headers["idempotent-replayed"] == "true")
        let other = try await running.request(
            "/api/workflows", method: "POST", headers: headers,
            body: Self.definition.replacingOccurrences(of: "30s", with: "31s"))
        #expect(other.status == 422)
        #expect(try (Self.json(other.body))["code"] == "workflow.idempotency_key_reused")
        let id = try #require(try Self.json(first.body)["id"]?.stringValue)
        let publisher = try Self.headers(running, sub: "bob", role: "publisher")
        #expect(
            try await running.request("/api/workflows/\(id)/publish", method: "POST", headers: publisher).status == 201)
        await running.stop()

        running = try Running(data: data)
        headers = try Self.headers(running)
        headers["Idempotency-Key"] = "create-1"
        let afterRestart = try await running.request(
            "/api/workflows", method: "POST", headers: headers, body: Self.definition)
        #expect(afterRestart.body == first.body)
        let record = try Self.json(try await running.request("/api/workflows/\(id)", headers: headers).body)
        #expect(record["latestPublished"]?["semver"] == "1.0.0" && record["latestPublished"]?["ledgerIndex"] == 0)
        await running.stop()
    }
}
