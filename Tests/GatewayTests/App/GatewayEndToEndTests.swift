import Foundation
import JSON
import Ledger
import TestSupport
import Testing

@testable import Gateway

/// The composed gateway over real HTTP: health, metrics, authentication, rate limits, request ids,
/// trace context and problem responses.
@Suite(.serialized)
struct GatewayEndToEndTests {
    final class Running: @unchecked Sendable {
        // SAFETY: set once in init, then only read.
        let gateway: Gateway
        let task: Task<Void, Never>
        let data: TemporaryDirectory
        let issuer: TokenIssuer

        init(burst: Int = 100, data existing: TemporaryDirectory? = nil) throws {
            data = try existing ?? TemporaryDirectory()
            var configuration = GatewayConfiguration(
                server: ServerConfiguration(port: 0, eventLoops: 2, shutdownGracePeriod: .seconds(2)),
                dataDirectory: data.path("data"),
                policyDirectory: Vectors.packageRoot.appendingPathComponent("policies").path,
                tenantBurst: burst, tenantRatePerSecond: 0.001, accessLog: false)
            configuration.tokenLeeway = 0
            gateway = try Gateway(configuration: configuration)
            let gateway = self.gateway
            task = Task { await gateway.run() }
            let (key, kid) = try LocalTokenKey.loadOrCreate(dataDirectory: data.path("data"))
            issuer = TokenIssuer(key: key, kid: kid, issuer: LocalTokenKey.issuer, audience: LocalTokenKey.audience)
        }

        func token(
            sub: String = "alice", role: String = "author", tenant: String = "t1", clearance: Int64? = nil,
            lifetime: Int64 = 600, now: Int64? = nil
        ) throws -> String {
            var claims: [String: JSONValue] = ["sub": .string(sub), "tenant": .string(tenant), "role": .string(role)]
            if let clearance { claims["clearance"] = .number(JSONNumber(clearance)) }
            return try issuer.issue(claims: claims, now: now ?? Int64(Date().timeIntervalSince1970), lifetime: lifetime)
        }

        func request(_ path: String, method: String = "GET", headers: [String: String] = [:], body: String? = nil)
            async throws -> (status: Int, headers: [String: String], body: String)
        {
            let client = try TestClient(port: gateway.port)
            var text = "\(method) \(path) HTTP/1.1\r\nHost: test\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
            try client.send(text + "\r\n" + (body ?? ""))
            let raw = await client.receiveResponse(headOnly: method == "HEAD")
            let parts = raw.components(separatedBy: "\r\n\r\n")
            let lines = parts[0].components(separatedBy: "\r\n")
            let statusField = lines[0].split(separator: " ").dropFirst().first
            guard let status = statusField.flatMap({ Int($0) }) else { throw TestClientError("no response: \(raw)") }
            var fields: [String: String] = [:]
            for line in lines.dropFirst() where line.contains(":") {
                let pair = line.split(separator: ":", maxSplits: 1)
                fields[pair[0].lowercased()] = pair[1].trimmingCharacters(in: .whitespaces)
            }
            return (status, fields, parts.dropFirst().joined(separator: "\r\n\r\n"))
        }

        func stop() async {
            gateway.shutdown()
            await task.value
        }
    }

    @Test func reportsHealthAndMetrics() async throws {
        let running = try Running()
        let health = try await running.request("/health")
        #expect(health.status == 200)
        let report = try JSONValue.parse(health.body)
        #expect(report["status"] == "up")
        #expect(report["checks"]?["policies"]?["status"] == "up")
        #expect(report["checks"]?["data_directory"]?["status"] == "up")
        let metrics = try await running.request("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.body.contains("maestro_http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} 1"))
        #expect(metrics.body.contains("maestro_http_connections_open"))
        let head = try await running.request("/health", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty && Int(head.headers["content-length"] ?? "") ?? 0 > 0)
        await running.stop()
    }

    @Test func publishesTheLedgerKeyAndCheckpointWithoutAuthentication() async throws {
        let running = try Running()
        let key = try await running.request("/api/ledger/key")
        #expect(key.status == 200)
        let vkey = try String(contentsOfFile: running.data.path("data/keys/ledger.vkey"), encoding: .utf8)
        #expect(key.body == vkey)
        let verifier = try NoteVerifier(verifierKey: vkey.trimmingCharacters(in: .newlines))
        let checkpoint = try await running.request("/api/ledger/checkpoint")
        #expect(checkpoint.status == 200)
        #expect(try Checkpoint.open(note: checkpoint.body, verifier: verifier).treeSize == 0)
        let health = try JSONValue.parse(try await running.request("/health").body)
        #expect(health["checks"]?["ledger"]?["status"] == "up")
        await running.stop()
        // Stopped, the server has released the ledger to other writers.
        let ledger = try FileLedger(configuration: LedgerConfiguration(dataDirectory: running.data.path("data")))
        ledger.close()
    }

    @Test func validatesWorkflowDefinitionsWithoutStoringThem() async throws {
        let running = try Running()
        let auth = ["Authorization": "Bearer \(try running.token())", "Content-Type": "application/json"]
        let definition = #"{"name": "w", "steps": [{"id": "a", "kind": "task", "handler": "h", "needs": ["zz"]}]}"#
        let invalid = try await running.request(
            "/api/workflows/validate", method: "POST", headers: auth, body: definition)
        #expect(invalid.status == 200)
        let report = try JSONValue.parse(invalid.body)
        #expect(report["valid"] == false && report["plan"] == .null)
        #expect(report["errors"]?.arrayValue?.first?["code"] == "workflow.unknown_need")
        #expect(report["errors"]?.arrayValue?.first?["pointer"] == "/steps/0/needs/0")
        #expect(report["warnings"]?.arrayValue?.count == 3)  // no timeout, no sensitivity label, output unread

        let fixed = definition.replacingOccurrences(of: #", "needs": ["zz"]"#, with: "")
        let valid = try JSONValue.parse(
            try await running.request("/api/workflows/validate", method: "POST", headers: auth, body: fixed).body)
        #expect(valid["valid"] == true && valid["plan"]?["steps"]?.arrayValue?.first?["timeoutSeconds"] == 3600)
        let strict = try JSONValue.parse(
            try await running.request("/api/workflows/validate?strict=true", method: "POST", headers: auth, body: fixed)
                .body)
        #expect(strict["valid"] == false && strict["errors"]?.arrayValue?.count == 3)

        let bad = try await running.request(
            "/api/workflows/validate?strict=maybe", method: "POST", headers: auth, body: fixed)
        #expect(bad.status == 400)
        #expect(try JSONValue.parse(bad.body)["code"] == "gateway.invalid_parameter")
        let text = try await running.request(
            "/api/workflows/validate", method: "POST", headers: ["Authorization": auth["Authorization"]!], body: fixed)
        #expect(text.status == 415)
        let anonymous = try await running.request(
            "/api/workflows/validate", method: "POST", headers: ["Content-Type": "application/json"], body: fixed)
        #expect(anonymous.status == 401)
        await running.stop()
    }

    @Test func authenticatesBearerTokens() async throws {
        let running = try Running()
        let ok = try await running.request("/api/whoami", headers: ["Authorization": "Bearer \(try running.token())"])
        #expect(ok.status == 200)
        #expect(try JSONValue.parse(ok.body) == ["sub": "alice", "tenant": "t1", "role": "author"] as JSONValue)

        let missing = try await running.request("/api/whoami")
        #expect(missing.status == 401)
        #expect(missing.headers["www-authenticate"] == "Bearer realm=\"maestro\"")
        #expect(try JSONValue.parse(missing.body)["code"] == "gateway.token_missing")

        let expired = try await running.request(
            "/api/whoami",
            headers: [
                "Authorization":
                    "Bearer \(try running.token(lifetime: 60, now: Int64(Date().timeIntervalSince1970) - 120))"
            ])
        #expect(expired.status == 401)
        #expect(try JSONValue.parse(expired.body)["code"] == "gateway.token_expired")
        #expect(expired.headers["www-authenticate"]?.contains("error=\"invalid_token\"") == true)
        await running.stop()
    }

    @Test func answersUnknownPathsAndMethodsWithProblems() async throws {
        let running = try Running()
        let notFound = try await running.request("/nothing/here")
        #expect(notFound.status == 404)
        #expect(notFound.headers["content-type"] == "application/problem+json")
        let problem = try JSONValue.parse(notFound.body)
        #expect(problem["code"] == "gateway.not_found")
        #expect(problem["instance"] == .string("urn:maestro:request:\(notFound.headers["x-request-id"]!)"))
        let wrongMethod = try await running.request("/health", method: "DELETE")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "GET")
        await running.stop()
    }

    @Test func keepsValidRequestIDsAndContinuesTheTrace() async throws {
        let running = try Running()
        let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        let response = try await running.request(
            "/health", headers: ["X-Request-Id": "client-abc.1", "traceparent": "00-\(traceID)-00f067aa0ba902b7-01"])
        #expect(response.headers["x-request-id"] == "client-abc.1")
        let traceparent = try #require(response.headers["traceparent"])
        #expect(traceparent.hasPrefix("00-\(traceID)-"))
        #expect(!traceparent.contains("00f067aa0ba902b7"))
        let invented = try await running.request("/health", headers: ["X-Request-Id": "bad id with spaces"])
        #expect(invented.headers["x-request-id"]?.wholeMatch(of: /[0-9a-f]{32}/) != nil)
        await running.stop()
    }

    @Test func limitsEachTenantsRate() async throws {
        let running = try Running(burst: 2)
        let token = try running.token()
        let other = try running.token(tenant: "t2")
        for _ in 0..<2 {
            #expect(
                try await running.request("/api/whoami", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        }
        let limited = try await running.request("/api/whoami", headers: ["Authorization": "Bearer \(token)"])
        #expect(limited.status == 429)
        #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 >= 1)
        #expect(limited.headers["ratelimit-limit"] == "2")
        #expect(limited.headers["ratelimit-remaining"] == "0")
        #expect(try JSONValue.parse(limited.body)["code"] == "gateway.rate_limited")
        // Another tenant is not affected.
        #expect(try await running.request("/api/whoami", headers: ["Authorization": "Bearer \(other)"]).status == 200)
        await running.stop()
    }
}
