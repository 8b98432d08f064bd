/// The HTTP server's standard metric families, and the events that update them.
///
/// Every method is cheap and non-blocking, for event-loop threads and request handlers alike.
/// Routes are label values, so pass the route *template* (`/api/runs/{id}`), never the raw path,
/// and a fixed word such as `unmatched` when no route matched; the registry's series bound still
/// caps what a mistake can cost.
public struct HTTPMetrics: Sendable {
    /// `maestro_http_requests_total{route,method,status}`: requests answered.
    public let requestsTotal: Counter
    /// `maestro_http_request_duration_seconds{route,method}`: time from request to response.
    public let requestDurationSeconds: Histogram
    /// `maestro_http_requests_in_flight`: requests started and not yet finished.
    public let requestsInFlight: Gauge
    /// `maestro_http_connections_open`: connections accepted and not yet closed.
    public let connectionsOpen: Gauge
    /// `maestro_http_connections_refused_total`: connections closed at once because the server was full.
    public let connectionsRefusedTotal: Counter
    /// `maestro_http_requests_rejected_total{status,code}`: requests refused before routing
    /// (parse errors, limits, timeouts).
    public let requestsRejectedTotal: Counter
    /// `maestro_http_request_bytes_total`: request body bytes received.
    public let requestBytesTotal: Counter
    /// `maestro_http_response_bytes_total`: response body bytes sent.
    public let responseBytesTotal: Counter
    /// `maestro_http_rate_limited_total{scope}`: requests denied by a rate limit.
    public let rateLimitedTotal: Counter

    /// Registers the families in `registry` (or finds them, if they are already there).
    /// - Parameter registry: where the families live.
    public init(registry: MetricsRegistry) {
        requestsTotal = registry.counter(
            "maestro_http_requests_total", help: "HTTP requests answered, by route template, method and status.",
            labels: ["route", "method", "status"])
        requestDurationSeconds = registry.histogram(
            "maestro_http_request_duration_seconds",
            help: "Time from a complete request to its response, in seconds, by route template and method.",
            labels: ["route", "method"])
        requestsInFlight = registry.gauge(
            "maestro_http_requests_in_flight", help: "HTTP requests being handled.")
        connectionsOpen = registry.gauge("maestro_http_connections_open", help: "Open client connections.")
        connectionsRefusedTotal = registry.counter(
            "maestro_http_connections_refused_total", help: "Connections refused because the server was at its limit.")
        requestsRejectedTotal = registry.counter(
            "maestro_http_requests_rejected_total",
            help: "Requests rejected before routing (parse errors, limits, timeouts), by status and problem code.",
            labels: ["status", "code"])
        requestBytesTotal = registry.counter("maestro_http_request_bytes_total", help: "Request body bytes received.")
        responseBytesTotal = registry.counter("maestro_http_response_bytes_total", help: "Response body bytes sent.")
        rateLimitedTotal = registry.counter(
            "maestro_http_rate_limited_total", help: "Requests denied by a rate limit, by scope.", labels: ["scope"])
    }

    /// A request is about to be handled.
    public func requestStarted() {
        requestsInFlight.increment()
    }

    /// A request started with ``requestStarted()`` has its response.
    /// - Parameters:
    ///   - route: the matched route template, or a fixed word such as `unmatched`.
    ///   - method: the request method.
    ///   - status: the response status code.
    ///   - seconds: the time from the complete request to the response.
    ///   - requestBytes: the request body's length.
    ///   - responseBytes: the response body's length.
    public func requestFinished(
        route: String, method: String, status: Int, seconds: Double, requestBytes: Int, responseBytes: Int
    ) {
        requestsInFlight.decrement()
        requestsTotal.increment([route, method, String(status)])
        requestDurationSeconds.observe([route, method], seconds)
        requestBytesTotal.increment(by: Double(requestBytes))
        responseBytesTotal.increment(by: Double(responseBytes))
    }

    /// A connection was accepted.
    public func connectionOpened() { connectionsOpen.increment() }

    /// A connection accepted with ``connectionOpened()`` was closed.
    public func connectionClosed() { connectionsOpen.decrement() }

    /// A connection was refused (closed at once) because the server was at its connection limit.
    public func connectionRefused() { connectionsRefusedTotal.increment() }

    /// The server answered without routing: a malformed request, a limit crossed, a timeout.
    /// - Parameters:
    ///   - status: the status code sent.
    ///   - code: the problem code (`gateway.…`), a fixed vocabulary.
    public func requestRejected(status: Int, code: String) {
        requestsRejectedTotal.increment([String(status), code])
    }

    /// A rate limit denied a request.
    /// - Parameter scope: what was limited, a fixed word such as `tenant`.
    public func rateLimited(scope: String) {
        rateLimitedTotal.increment([scope])
    }
}
