import JSON
import Testing

@testable import Orchestrator

/// `http` against a canned server on 127.0.0.1: what it sends, what it makes of each answer, and
/// which failures it calls retryable.
struct HTTPHandlerTests {
    static func run(
        _ config: JSONValue, attempt: Int = 1, configuration: HandlerConfiguration = HandlerConfiguration()
    ) async -> StepOutcome {
        await HTTPHandler(configuration: configuration).run(.make(config: config, attempt: attempt))
    }

    static func answer(_ status: String, type: String = "application/json", body: String) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nX-Trace: a\r\n"
            + "x-trace: b\r\n\r\n\(body)"
    }

    @Test func postsJSONWithTheIdempotencyKeyAndParsesTheJSONAnswer() async throws {
        let server = try CannedHTTPServer(.respond([Self.answer("200 OK", body: #"{"id": 7}"#)]))
        let outcome = await Self.run(
            [
                "method": "post", "url": .string("http://127.0.0.1:\(server.port)/orders?x=1"),
                "headers": ["Authorization": "Bearer t"], "body": ["amount": 5], "timeout": "5s",
            ], attempt: 3)
        #expect(
            outcome.output == [
                "status": 200,
                "headers": ["content-type": "application/json", "content-length": "9", "x-trace": "a, b"],
                "body": ["id": 7],
            ])
        let request = try #require(await server.received)
        #expect(request.requestLine == "POST /orders?x=1 HTTP/1.1")
        #expect(request.header("Idempotency-Key") == "e1/s1/3")
        #expect(request.header("Host") == "127.0.0.1:\(server.port)")
        #expect(request.header("Connection") == "close")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Authorization") == "Bearer t")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"amount":5}"#)
    }

    @Test func textAnswerIsAString() async throws {
        let server = try CannedHTTPServer(.respond([Self.answer("200 OK", type: "text/plain", body: "pong")]))
        let outcome = await Self.run(["url": .string("http://localhost:\(server.port)/ping")])
        #expect(outcome.output?["body"] == "pong")
        let request = try #require(await server.received)
        #expect(request.requestLine == "GET /ping HTTP/1.1")
        #expect(request.header("Content-Type") == nil)
    }

    @Test func chunkedAnswerIsDecoded() async throws {
        let server = try CannedHTTPServer(
            .respond([
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                "7\r\n{\"a\": 1\r\n", "1\r\n}\r\n", "0\r\n\r\n",
            ]))
        let outcome = await Self.run(["url": .string("http://127.0.0.1:\(server.port)/")])
        #expect(outcome.output?["body"] == ["a": 1])
    }

    @Test func serviceUnavailableIsRetryable() async throws {
        let server = try CannedHTTPServer(.respond([Self.answer("503 Service Unavailable", body: "busy")]))
        let outcome = await Self.run(["url": .string("http://127.0.0.1:\(server.port)/")])
        #expect(outcome.failureCode == "workflow.handler_http_status")
        #expect(outcome.isRetryable == true)
        #expect(outcome.failureMessage?.contains("503") == true)
        #expect(outcome.logs?.stdout == "busy")
        #expect(try #require(await server.received).header("Idempotency-Key") == "e1/s1/1")
    }

    @Test func clientErrorIsNotRetryable() async throws {
        let server = try CannedHTTPServer(.respond([Self.answer("404 Not Found", body: "{}")]))
        let outcome = await Self.run(["url": .string("http://127.0.0.1:\(server.port)/")])
        #expect(outcome.failureCode == "workflow.handler_http_status")
        #expect(outcome.isRetryable == false)
    }

    @Test func expectedStatusSucceeds() async throws {
        let server = try CannedHTTPServer(.respond([Self.answer("404 Not Found", body: "{}")]))
        let outcome = await Self.run(["url": .string("http://127.0.0.1:\(server.port)/"), "expectStatus": [200, 404]])
        #expect(outcome.output?["status"] == 404)
    }

    @Test func slowServerTimesOutRetryably() async throws {
        let server = try CannedHTTPServer(.stall(seconds: 10))
        let start = ContinuousClock.now
        let outcome = await Self.run(["url": .string("http://127.0.0.1:\(server.port)/"), "timeout": "300ms"])
        #expect(outcome.failureCode == "workflow.handler_timeout")
        #expect(outcome.isRetryable == true)
        #expect(ContinuousClock.now - start < .seconds(9))  // gave up at its timeout, not when the server did
        #expect(try #require(await server.received).header("Idempotency-Key") == "e1/s1/1")
    }

    @Test func cancellationStopsTheRequest() async throws {
        let server = try CannedHTTPServer(.stall(seconds: 3))
        let task = Task { await Self.run(["url": .string("http://127.0.0.1:\(server.port)/")]) }
        _ = await server.received
        task.cancel()
        let outcome = await task.value
        #expect(outcome.failureCode == "workflow.handler_cancelled")
        #expect(outcome.isRetryable == true)
    }

    @Test func refusedConnectionIsRetryable() async {
        let outcome = await Self.run(["url": .string("http://127.0.0.1:\(CannedHTTPServer.closedPort())/")])
        #expect(outcome.failureCode == "workflow.handler_connect_failed")
        #expect(outcome.isRetryable == true)
    }

    @Test func answerOverTheLimitIsRefused() async throws {
        let server = try CannedHTTPServer(.respond([Self.answer("200 OK", body: String(repeating: "x", count: 100))]))
        let outcome = await Self.run(
            ["url": .string("http://127.0.0.1:\(server.port)/")],
            configuration: HandlerConfiguration(maxResponseBytes: 10))
        #expect(outcome.failureCode == "workflow.handler_response_too_large")
        #expect(outcome.isRetryable == false)
    }

    @Test func malformedAnswerIsNotRetryable() async throws {
        let server = try CannedHTTPServer(.respond(["SSH-2.0-OpenSSH_9.2\r\n\r\n"]))
        let outcome = await Self.run(["url": .string("http://127.0.0.1:\(server.port)/")])
        #expect(outcome.failureCode == "workflow.handler_bad_response")
        #expect(outcome.isRetryable == false)
    }

    @Test func httpsSaysTLSIsNotBuiltIn() async {
        let outcome = await Self.run(["url": "https://example.com/"])
        #expect(outcome.failureCode == "workflow.handler_unsupported")
        #expect(outcome.isRetryable == false)
        #expect(outcome.failureMessage?.contains("TLS") == true)
    }

    @Test func schemesOutsideTheAllowListAreRefused() async {
        let onlyHTTP = HandlerConfiguration(allowedURLSchemes: ["http"])
        #expect(
            await Self.run(["url": "https://example.com/"], configuration: onlyHTTP).failureCode
                == "workflow.handler_not_allowed")
        #expect(await Self.run(["url": "ftp://example.com/"]).failureCode == "workflow.handler_not_allowed")
    }

    @Test func invalidConfigIsRefusedBeforeSending() async {
        let invalid: [JSONValue] = [
            [:], ["url": 1], ["url": "http://h/", "method": "GET /x"], ["url": "http://h/", "headers": ["Host": "x"]],
            ["url": "http://h/", "headers": ["X-A": "a\r\nX-B: b"]],
            ["url": "http://h/", "headers": ["Bad Name": "a"]],
            ["url": "http://h/", "headers": ["Idempotency-Key": "mine"]], ["url": "http://h/", "timeout": "soon"],
            ["url": "http://h/", "expectStatus": "200"], ["url": "http://h/", "bogus": true], "http://h/",
        ]
        for config in invalid {
            let outcome = await Self.run(config)
            #expect(outcome.failureCode == "workflow.handler_config_invalid", "\(config)")
            #expect(outcome.isRetryable == false)
        }
    }
}
