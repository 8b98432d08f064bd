import Foundation
import TestSupport
import Testing

@testable import Gateway

/// Server-Sent Events over the real server: ids, heartbeats, resuming after `Last-Event-ID`, and a
/// client that stops reading is dropped without harming the server.
@Suite(.serialized)
struct EventStreamTests {
    /// Events 1…N, then (optionally) an endless stream of further ones.
    static func server(endless: Bool = false) throws -> HTTPServerTests.Running {
        try HTTPServerTests.start(HTTPServerTests.configuration { $0.writeTimeout = .seconds(1) }) { request, _ in
            EventStream.response(lastEventID: request.head.headers["Last-Event-ID"], heartbeat: .milliseconds(150)) {
                after in
                let first = (after.flatMap(Int.init) ?? 0) + 1
                return AsyncStream(bufferingPolicy: .bufferingOldest(64)) { continuation in
                    let task = Task {
                        var id = first
                        while endless || id <= 3 {
                            // Endless events are large, so a client that does not read fills its buffers fast.
                            let padding = endless ? "\n" + String(repeating: "x", count: 32 * 1024) : ""
                            continuation.yield(
                                ServerSentEvent(id: "\(id)", event: "step", data: "event \(id)\nline two\(padding)"))
                            id += 1
                            try? await Task.sleep(for: endless ? .milliseconds(1) : .milliseconds(200))
                            if Task.isCancelled { break }
                        }
                        continuation.finish()
                    }
                    continuation.onTermination = { _ in task.cancel() }
                }
            }
        }
    }

    @Test func deliversEventsWithIDsAndHeartbeats() async throws {
        let running = try Self.server()
        let client = try TestClient(port: running.port)
        try client.send(HTTPServerTests.get("/events"))
        let (bytes, _) = await client.receive { String(decoding: $0, as: UTF8.self).contains("id: 3\n") }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.lowercased().contains("content-type: text/event-stream"))
        #expect(text.contains("retry: 3000\n"))
        #expect(text.contains("id: 1\nevent: step\ndata: event 1\ndata: line two\n\n"))
        #expect(text.contains(": heartbeat\n"))
        await running.stop()
    }

    @Test func resumesAfterLastEventID() async throws {
        let running = try Self.server()
        let client = try TestClient(port: running.port)
        try client.send(HTTPServerTests.get("/events", "Last-Event-ID: 2\r\n"))
        let (bytes, _) = await client.receive { String(decoding: $0, as: UTF8.self).contains("id: 3\n") }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("id: 1\n") && !text.contains("id: 2\n"))
        #expect(text.contains("id: 3\nevent: step\ndata: event 3\n"))
        await running.stop()
    }

    @Test func dropsAClientThatStopsReadingAndKeepsServing() async throws {
        let running = try Self.server(endless: true)
        let stuck = try TestClient(port: running.port, receiveBuffer: 64 * 1024)
        try stuck.send(HTTPServerTests.get("/events"))  // and never reads
        // Its buffers fill, then the server's bounded queue; after the write timeout it is dropped.
        var open = 1
        for _ in 0..<100 where open > 0 {
            try await Task.sleep(for: .milliseconds(100))
            open = running.server.core.openConnections.load(ordering: .relaxed)
        }
        #expect(open == 0)
        let fresh = try TestClient(port: running.port)
        try fresh.send(HTTPServerTests.get("/events"))
        let (bytes, _) = await fresh.receive { String(decoding: $0, as: UTF8.self).contains("id: 2\n") }
        #expect(String(decoding: bytes, as: UTF8.self).contains("id: 1\n"))
        withExtendedLifetime(stuck) {}
        await running.stop()
    }
}
