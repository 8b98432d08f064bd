import Foundation
import JSON

/// What the access log records about one request: who asked for what, what came back, how long
/// it took. It holds no headers, tokens, bodies or query strings, by construction.
///
/// Its line is one compact JSON object, keys always in this order:
///
/// | key | value |
/// |---|---|
/// | `time` | when the request completed, RFC 3339 UTC with milliseconds: `2025-01-31T08:15:02.123Z` |
/// | `request_id` | the `X-Request-Id` sent back |
/// | `trace_id` | the W3C trace-id, 32 lowercase hex digits |
/// | `method` | the request method |
/// | `path` | the request path, without query or fragment |
/// | `route` | the matched route template, or `unmatched` |
/// | `status` | the response status code |
/// | `duration_ms` | milliseconds from the complete request to the response, at most 3 decimals |
/// | `request_bytes` | the request body's length |
/// | `response_bytes` | the response body's length |
/// | `peer` | the client's `address:port` |
/// | `principal` | the authenticated subject (`sub`), or `null` |
/// | `tenant` | the authenticated tenant, or `null` |
/// | `code` | the problem code of an error response, or `null` |
/// | `dropped` | only when lines were dropped since the previous line: how many |
public struct AccessLogEntry: Sendable, Equatable {
    /// When the request completed, from the wall clock.
    public let time: Date
    /// The request id (``RequestID``).
    public let requestID: String
    /// The trace-id of the request's ``Traceparent``.
    public let traceID: String
    /// The request method.
    public let method: String
    /// The request path, with any query string and fragment removed.
    public let path: String
    /// The matched route template, or `unmatched`.
    public let route: String
    /// The response status code.
    public let status: Int
    /// Milliseconds from the complete request to the response.
    public let durationMilliseconds: Double
    /// The request body's length in bytes.
    public let requestBytes: Int
    /// The response body's length in bytes.
    public let responseBytes: Int
    /// The client's `address:port`.
    public let peer: String
    /// The authenticated subject (`sub`), if any.
    public let principal: String?
    /// The authenticated tenant, if any.
    public let tenant: String?
    /// The problem code of an error response, if any.
    public let code: String?

    /// Makes an entry.
    /// - Parameters:
    ///   - time: when the request completed (wall clock).
    ///   - requestID: the request id.
    ///   - traceID: the trace-id.
    ///   - method: the request method.
    ///   - path: the request path or whole request-target; everything from the first `?` or `#`
    ///     is dropped, since a query may carry secrets.
    ///   - route: the matched route template, or `unmatched`.
    ///   - status: the response status code.
    ///   - durationMilliseconds: milliseconds from the complete request to the response.
    ///   - requestBytes: the request body's length.
    ///   - responseBytes: the response body's length.
    ///   - peer: the client's `address:port`.
    ///   - principal: the authenticated subject, if any.
    ///   - tenant: the authenticated tenant, if any.
    ///   - code: the problem code of an error response, if any.
    public init(
        time: Date, requestID: String, traceID: String, method: String, path: String, route: String, status: Int,
        durationMilliseconds: Double, requestBytes: Int, responseBytes: Int, peer: String,
        principal: String? = nil, tenant: String? = nil, code: String? = nil
    ) {
        self.time = time
        self.requestID = requestID
        self.traceID = traceID
        self.method = method
        self.path = AccessLogEntry.pathWithoutQuery(path)
        self.route = route
        self.status = status
        self.durationMilliseconds = durationMilliseconds
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
        self.peer = peer
        self.principal = principal
        self.tenant = tenant
        self.code = code
    }

    /// The path up to (not including) the first `?` or `#`.
    static func pathWithoutQuery(_ target: String) -> String {
        guard let end = target.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) else {
            return target
        }
        return String(target[..<end])
    }

    /// Appends the entry's JSON line, with its line feed.
    /// - Parameter dropped: lines dropped just before this one; the `dropped` key appears only when positive.
    func appendLine(to out: inout [UInt8], dropped: Int = 0) {
        var writer = JSONWriter(capacity: 384)
        writer.beginObject()
        writer.key("time")
        writer.string(AccessLogEntry.formatRFC3339(time))
        writer.key("request_id")
        writer.string(requestID)
        writer.key("trace_id")
        writer.string(traceID)
        writer.key("method")
        writer.string(method)
        writer.key("path")
        writer.string(path)
        writer.key("route")
        writer.string(route)
        writer.key("status")
        writer.number(status)
        writer.key("duration_ms")
        // Three decimals: a microsecond is as fine as a request's timing means anything.
        if let milliseconds = JSONNumber((durationMilliseconds * 1000).rounded() / 1000) {
            writer.value(.number(milliseconds))
        } else {
            writer.null()
        }
        writer.key("request_bytes")
        writer.number(requestBytes)
        writer.key("response_bytes")
        writer.number(responseBytes)
        writer.key("peer")
        writer.string(peer)
        writer.key("principal")
        writer.string(principal)
        writer.key("tenant")
        writer.string(tenant)
        writer.key("code")
        writer.string(code)
        if dropped > 0 {
            writer.key("dropped")
            writer.number(dropped)
        }
        writer.endObject()
        out.append(contentsOf: writer.bytes)
        out.append(UInt8(ascii: "\n"))
    }

    /// `time` as RFC 3339 in UTC with milliseconds (RFC 3339 §5.6): `2025-01-31T08:15:02.123Z`.
    static func formatRFC3339(_ time: Date) -> String {
        let milliseconds = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        // Floor division, so instants before 1970 format too.
        var wholeSeconds = time_t(fraction < 0 ? seconds - 1 : seconds)
        let millisecond = fraction < 0 ? fraction + 1000 : fraction
        var parts = tm()
        gmtime_r(&wholeSeconds, &parts)
        func digits(_ value: some BinaryInteger, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(digits(parts.tm_year + 1900, 4))-\(digits(parts.tm_mon + 1, 2))-\(digits(parts.tm_mday, 2))T"
            + "\(digits(parts.tm_hour, 2)):\(digits(parts.tm_min, 2)):\(digits(parts.tm_sec, 2)).\(digits(millisecond, 3))Z"
    }
}
