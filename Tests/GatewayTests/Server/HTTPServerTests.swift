import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Gateway

/// The server over real sockets on 127.0.0.1: framing, keep-alive, pipelining, timeouts,
/// limits, hostile clients and shutdown. The server must stay up and keep serving throughout.
@Suite(.serialized)
struct HTTPServerTests {
    static func configuration(_ change: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, eventLoops: 2, headerTimeout: .milliseconds(600),
            bodyTimeout: .milliseconds(600),
            // Long enough that a test task starved by the rest of the suite does not find its
            // kept-alive connection closed; the idle-timeout test sets a short one itself.
            idleTimeout: .seconds(20), writeTimeout: .seconds(1), maxPendingOutputBytes: 64 * 1024,
            shutdownGracePeriod: .seconds(2))
        change(&configuration)
        return configuration
    }

    /// A server running in a task; `stop()` shuts it down and waits for `run()` to return.
    struct Running {
        let server: HTTPServer
        let task: Task<Void, Never>
        var port: Int { server.port }

        func stop() async {
            server.shutdown()
            await task.value
        }
    }

    static func start(
        _ configuration: ServerConfiguration = HTTPServerTests.configuration(), handler: @escaping HTTPHandler = echo
    ) throws -> Running {
        let server = try HTTPServer(configuration: configuration, handler: handler)
        return Running(server: server, task: Task { await server.run() })
    }

    /// Answers `method target body-length` as text.
    static let echo: HTTPHandler = { request, _ in
        let text = "\(request.head.method) \(request.head.target) \(request.body.count)"
        return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: .bytes(Array(text.utf8)))
    }

    static func get(_ target: String, _ extra: String = "") -> String {
        "GET \(target) HTTP/1.1\r\nHost: test\r\n\(extra)\r\n"
    }

    @Test func servesKeepAliveRequestsOnOneConnection() async throws {
        let running = try Self.start()
        let client = try TestClient(port: running.port)
        for index in 0..<3 {
            try client.send(Self.get("/n/\(index)"))
            let response = await client.receiveResponse()
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(response.hasSuffix("GET /n/\(index) 0"))
        }
        await running.stop()
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        let running = try Self.start { request, _ in
            // The first request is slow; its answer must still come first.
            if request.head.target == "/slow" { try? await Task.sleep(for: .milliseconds(200)) }
            return await Self.echo(request, ConnectionInfo(peer: "", receivedAt: 0))
        }
        let client = try TestClient(port: running.port)
        try client.send(
            Self.get("/slow") + Self.get("/fast") + "POST /post HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
        let (bytes, _) = await client.receive {
            String(decoding: $0, as: UTF8.self).components(separatedBy: "HTTP/1.1 200").count == 4
                && String(decoding: $0, as: UTF8.self).hasSuffix("POST /post 3")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let slow = try #require(text.range(of: "GET /slow 0"))
        let fast = try #require(text.range(of: "GET /fast 0"))
        let post = try #require(text.range(of: "POST /post 3"))
        #expect(slow.lowerBound < fast.lowerBound && fast.lowerBound < post.lowerBound)
        await running.stop()
    }

    @Test func aSlowHandlerDoesNotStallOtherConnections() async throws {
        let slowFinished = Mutex(false)
        let running = try Self.start { request, info in
            if request.head.target == "/slow" {
                try? await Task.sleep(for: .seconds(3))
                slowFinished.withLock { $0 = true }
            }
            return await Self.echo(request, info)
        }
        let slow = try TestClient(port: running.port)
        try slow.send(Self.get("/slow"))
        for _ in 0..<5 {
            let client = try TestClient(port: running.port)
            try client.send(Self.get("/fast"))
            #expect(await client.receiveResponse().hasSuffix("GET /fast 0"))
        }
        // All five were answered while the slow handler was still sleeping.
        #expect(slowFinished.withLock { !$0 })
        #expect(await slow.receiveResponse().hasSuffix("GET /slow 0"))
        await running.stop()
    }

    @Test func readsChunkedBodiesAndIgnoresTrailers() async throws {
        let running = try Self.start()
        let client = try TestClient(port: running.port)
        try client.send(
            "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"
        )
        #expect(await client.receiveResponse().hasSuffix("POST /c 11"))
        await running.stop()
    }

    @Test func sendsContinueBeforeTheBody() async throws {
        let running = try Self.start()
        let client = try TestClient(port: running.port)
        try client.send("POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = await client.receive { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }
        #expect(String(decoding: interim.bytes, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
        try client.send("body")
        #expect(await client.receiveResponse().hasSuffix("POST /e 4"))
        await running.stop()
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
        ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("GET / HTTP/1.1\r\nHost: t\r\n\r\n".replacingOccurrences(of: "Host", with: "Ho\u{0}st"), 400),
    ])
    func rejectsMalformedRequestsAndCloses(_ raw: String, _ status: Int) async throws {
        let running = try Self.start()
        let client = try TestClient(port: running.port)
        try client.send(raw)
        let (bytes, closed) = await client.receive()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 \(status) "), "\(text)")
        #expect(text.contains("application/problem+json"))
        #expect(text.contains("\"code\":\"gateway."))
        #expect(closed)
        // The server is still up for the next well-formed request.
        let next = try TestClient(port: running.port)
        try next.send(Self.get("/ok"))
        #expect(await next.receiveResponse().hasSuffix("GET /ok 0"))
        await running.stop()
    }

    @Test func answersOversizedRequestsWithTheRightStatus() async throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 1000
        let running = try Self.start(Self.configuration { $0.limits = limits })
        let cases: [(String, Int)] = [
            ("GET /\(String(repeating: "a", count: 20_000)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 40_000))\r\n\r\n", 431),
            ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n", 413),
        ]
        for (raw, status) in cases {
            let client = try TestClient(port: running.port)
            try client.send(raw)
            let (bytes, closed) = await client.receive()
            #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 \(status) "))
            #expect(closed)
        }
        await running.stop()
    }

    @Test func slowlorisGets408AndIsClosed() async throws {
        let running = try Self.start()
        let client = try TestClient(port: running.port, receiveTimeout: 3)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n")
        // Trickle a header byte at a time: the deadline counts from the first byte, not the last.
        for byte in "X-Slow: ".utf8 {
            try client.send([byte])
            try await Task.sleep(for: .milliseconds(100))
        }
        let (bytes, closed) = await client.receive()
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 408 "))
        #expect(closed)
        await running.stop()
    }

    @Test func idleKeepAliveConnectionsAreClosed() async throws {
        let running = try Self.start(Self.configuration { $0.idleTimeout = .seconds(1) })
        let client = try TestClient(port: running.port, receiveTimeout: 15)
        try client.send(Self.get("/once"))
        #expect(await client.receiveResponse().hasSuffix("GET /once 0"))
        let started = Date()
        #expect(await client.isClosedByPeer())
        #expect(Date().timeIntervalSince(started) < 12)  // closed by the idle timeout, not the 15 s read timeout
        await running.stop()
    }

    @Test func aClientThatNeverReadsIsDroppedWhileOthersAreServed() async throws {
        let big = [UInt8](repeating: 0x61, count: 32 << 20)
        let running = try Self.start(Self.configuration { $0.idleTimeout = .seconds(30) }) { request, info in
            if request.head.target == "/big" { return HTTPResponse(status: 200, body: .bytes(big)) }
            return await Self.echo(request, info)
        }
        let stuck = try TestClient(port: running.port, receiveTimeout: 4, receiveBuffer: 64 * 1024)
        try stuck.send(Self.get("/big"))  // and never read
        let other = try TestClient(port: running.port)
        try other.send(Self.get("/other"))
        #expect(await other.receiveResponse().hasSuffix("GET /other 0"))
        #expect(running.server.core.openConnections.load(ordering: .relaxed) == 2, "both accepted, neither dropped yet")
        // After the write timeout the stuck client is cut off, with most of the 32 MiB unsent.
        var open = 2
        for _ in 0..<100 where open > 1 {
            try await Task.sleep(for: .milliseconds(100))
            open = running.server.core.openConnections.load(ordering: .relaxed)
        }
        #expect(open == 1)  // only `other`, kept alive
        let (bytes, closed) = await stuck.receive()
        #expect(closed)
        #expect(bytes.count < big.count)
        withExtendedLifetime(other) {}  // `other` must stay open until here, or it would be the one counted closed
        await running.stop()
    }

    @Test func servesWhileAThousandConnectionsSitIdle() async throws {
        let running = try Self.start(Self.configuration { $0.idleTimeout = .seconds(30) })
        var idle: [TestClient] = []
        for _ in 0..<1000 { idle.append(try TestClient(port: running.port)) }
        for index in 0..<20 {
            let client = try TestClient(port: running.port)
            try client.send(Self.get("/busy/\(index)"))
            #expect(await client.receiveResponse().hasSuffix("GET /busy/\(index) 0"))
        }
        // And the idle ones are all still open (nothing was closed to make room).
        #expect(running.server.core.openConnections.load(ordering: .relaxed) >= 1000)
        idle.removeAll()
        await running.stop()
    }

    @Test func refusesConnectionsBeyondTheLimitAtOnce() async throws {
        let running = try Self.start(Self.configuration { $0.maxConnections = 3 })
        var open: [TestClient] = []
        for _ in 0..<3 {
            let client = try TestClient(port: running.port)
            try client.send(Self.get("/hold"))
            _ = await client.receiveResponse()
            open.append(client)
        }
        let extra = try TestClient(port: running.port)
        let (bytes, closed) = await extra.receive()
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 503 "))
        #expect(String(decoding: bytes, as: UTF8.self).contains("gateway.too_many_connections"))
        #expect(closed)
        open.removeAll()
        await running.stop()
    }

    @Test func shutdownFinishesRequestsInFlightThenStops() async throws {
        let running = try Self.start { request, info in
            try? await Task.sleep(for: .milliseconds(500))
            return await Self.echo(request, info)
        }
        let client = try TestClient(port: running.port)
        try client.send(Self.get("/inflight"))
        try await Task.sleep(for: .milliseconds(100))
        let stopping = Task { await running.stop() }
        let response = await client.receiveResponse()
        #expect(response.hasSuffix("GET /inflight 0"))
        #expect(response.lowercased().contains("connection: close"))
        await stopping.value
        #expect(throws: TestClientError.self) { _ = try TestClient(port: running.port) }
    }

    @Test func answersAClientThatHalfClosedWhileItsRequestIsInFlight() async throws {
        let running = try Self.start { request, info in
            try? await Task.sleep(for: .milliseconds(300))
            return await Self.echo(request, info)
        }
        let client = try TestClient(port: running.port)
        try client.send(Self.get("/half"))
        shutdown(client.fd, Int32(SHUT_WR))  // "no more requests", while the handler is still busy
        let (bytes, closed) = await client.receive()
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("GET /half 0"))
        #expect(closed)
        #expect(running.server.core.openConnections.load(ordering: .relaxed) == 0)
        await running.stop()
    }

    @Test func forgetsAConnectionResetWhileItsRequestIsInFlight() async throws {
        let handlerFinished = Mutex(false)
        let running = try Self.start { request, info in
            try? await Task.sleep(for: .seconds(2))
            handlerFinished.withLock { $0 = true }
            return await Self.echo(request, info)
        }
        do {
            let client = try TestClient(port: running.port)
            try client.send(Self.get("/reset"))
            try await Task.sleep(for: .milliseconds(100))
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)  // close sends RST
            setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        }
        var open = 1
        for _ in 0..<50 where open > 0 {
            try await Task.sleep(for: .milliseconds(20))
            open = running.server.core.openConnections.load(ordering: .relaxed)
        }
        #expect(open == 0)
        #expect(handlerFinished.withLock { !$0 })
        await running.stop()
    }

    @Test func shutdownCancelsStreamsThatOutliveTheGracePeriod() async throws {
        let running = try Self.start(Self.configuration { $0.shutdownGracePeriod = .milliseconds(300) }) { _, _ in
            HTTPResponse(
                status: 200, headers: ["Content-Type": "text/plain"],
                body: .stream { writer in
                    try await writer.write(Array("first;".utf8))
                    try await Task.sleep(for: .seconds(60))  // ends only by cancellation
                    try await writer.write(Array("never;".utf8))
                })
        }
        let client = try TestClient(port: running.port)
        try client.send(Self.get("/stream"))
        let (bytes, _) = await client.receive { String(decoding: $0, as: UTF8.self).contains("first;") }
        #expect(String(decoding: bytes, as: UTF8.self).contains("first;"))
        let started = ContinuousClock.now
        await running.stop()
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(await client.isClosedByPeer())
    }

    @Test func answersHTTP10AndClosesWithoutKeepAlive() async throws {
        let running = try Self.start()
        let client = try TestClient(port: running.port)
        try client.send("GET /old HTTP/1.0\r\n\r\n")
        let (bytes, closed) = await client.receive()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.0 200 OK\r\n") || text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("GET /old 0"))
        #expect(closed)
        await running.stop()
    }

    @Test func streamsChunkedResponses() async throws {
        let running = try Self.start { _, _ in
            HTTPResponse(
                status: 200, headers: ["Content-Type": "text/plain"],
                body: .stream { writer in
                    for index in 0..<3 { try await writer.write(Array("part\(index);".utf8)) }
                })
        }
        let client = try TestClient(port: running.port)
        try client.send(Self.get("/stream"))
        let (bytes, _) = await client.receive { String(decoding: $0, as: UTF8.self).hasSuffix("0\r\n\r\n") }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.lowercased().contains("transfer-encoding: chunked"))
        #expect(text.hasSuffix("6\r\npart0;\r\n6\r\npart1;\r\n6\r\npart2;\r\n0\r\n\r\n"))
        // The connection stays usable afterwards.
        try client.send(Self.get("/after"))
        #expect(await client.receiveResponse().contains("200 OK"))
        await running.stop()
    }
}
