/// One Server-Sent Event (HTML Living Standard §9.2).
public struct ServerSentEvent: Sendable {
    /// The id a reconnecting client sends back as `Last-Event-ID`.
    public var id: String?
    /// The event type (`event:`), when not the default `message`.
    public var event: String?
    /// The data; newlines become several `data:` lines.
    public var data: String

    public init(id: String? = nil, event: String? = nil, data: String) {
        self.id = id
        self.event = event
        self.data = data
    }

    /// The event's wire form, ending with a blank line. CR and LF inside `id` and `event` are
    /// dropped, so a value can never start a field of its own.
    public var encoded: [UInt8] {
        var text = ""
        if let id { text += "id: \(id.filter { $0 != "\n" && $0 != "\r" })\n" }
        if let event { text += "event: \(event.filter { $0 != "\n" && $0 != "\r" })\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line.filter { $0 != "\r" })\n"
        }
        return Array((text + "\n").utf8)
    }
}

/// Builds `text/event-stream` responses: events from a source that can resume after a given
/// event id, interleaved with heartbeat comments so proxies and clients see the stream is alive.
///
/// Backpressure comes from the server: a write waits while the client's output queue is full,
/// and a client that stops reading for the write timeout is dropped — the stream ends, never
/// the server.
public enum EventStream {
    /// - Parameters:
    ///   - lastEventID: the request's `Last-Event-ID`, if any: the source resumes after it.
    ///   - heartbeat: how often to send a `: heartbeat` comment while no event comes.
    ///   - retry: the reconnection delay to advise the client (`retry:` in milliseconds).
    ///   - source: the events after the given id (or all new ones for `nil`), as an async sequence.
    public static func response(
        lastEventID: String?, heartbeat: Duration = .seconds(15), retry: Duration? = .seconds(3),
        source: @escaping @Sendable (String?) -> AsyncStream<ServerSentEvent>
    ) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "text/event-stream; charset=utf-8")
        headers.set("Cache-Control", "no-store")
        headers.set("X-Accel-Buffering", "no")
        return HTTPResponse(
            status: 200, headers: headers,
            body: .stream { writer in
                if let retry {
                    let milliseconds =
                        retry.components.seconds * 1000 + retry.components.attoseconds / 1_000_000_000_000_000
                    try await writer.write(Array("retry: \(milliseconds)\n\n".utf8))
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in source(lastEventID) { try await writer.write(event.encoded) }
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: heartbeat)
                            try await writer.write(Array(": heartbeat\n\n".utf8))
                        }
                    }
                    // Either the source ended or a write failed (client gone): stop both.
                    try await group.next()
                    group.cancelAll()
                }
            })
    }
}
