import Testing

@testable import Gateway

struct HTTPMetricsTests {
    @Test func registersTheStandardFamilies() {
        let registry = MetricsRegistry()
        _ = HTTPMetrics(registry: registry)
        let types = registry.render().split(separator: "\n").filter { $0.hasPrefix("# TYPE") }
        #expect(
            types == [
                "# TYPE maestro_http_connections_open gauge",
                "# TYPE maestro_http_connections_refused_total counter",
                "# TYPE maestro_http_rate_limited_total counter",
                "# TYPE maestro_http_request_bytes_total counter",
                "# TYPE maestro_http_request_duration_seconds histogram",
                "# TYPE maestro_http_requests_in_flight gauge",
                "# TYPE maestro_http_requests_rejected_total counter",
                "# TYPE maestro_http_requests_total counter",
                "# TYPE maestro_http_response_bytes_total counter",
            ])
    }

    @Test func countsARequestFromStartToFinish() throws {
        let registry = MetricsRegistry()
        let metrics = HTTPMetrics(registry: registry)
        metrics.requestStarted()
        metrics.requestStarted()
        #expect(metrics.requestsInFlight.value() == 2)
        metrics.requestFinished(
            route: "/api/runs/{id}", method: "GET", status: 200, seconds: 0.003, requestBytes: 0, responseBytes: 120)
        metrics.requestFinished(
            route: "/api/runs", method: "POST", status: 201, seconds: 0.02, requestBytes: 300, responseBytes: 40)
        let text = registry.render()
        #expect(text.contains(#"maestro_http_requests_total{route="/api/runs/{id}",method="GET",status="200"} 1"#))
        #expect(text.contains(#"maestro_http_requests_total{route="/api/runs",method="POST",status="201"} 1"#))
        #expect(text.contains("maestro_http_requests_in_flight 0\n"))
        #expect(text.contains("maestro_http_request_bytes_total 300\n"))
        #expect(text.contains("maestro_http_response_bytes_total 160\n"))
        let duration = try #require(metrics.requestDurationSeconds.series(["/api/runs/{id}", "GET"]))
        #expect(duration.count == 1 && duration.sum == 0.003)
        #expect(
            text.contains(
                #"maestro_http_request_duration_seconds_bucket{route="/api/runs/{id}",method="GET",le="0.005"} 1"#))
        #expect(
            text.contains(
                #"maestro_http_request_duration_seconds_bucket{route="/api/runs/{id}",method="GET",le="0.0025"} 0"#))
    }

    @Test func tracksConnectionsRejectionsAndRateLimits() {
        let registry = MetricsRegistry()
        let metrics = HTTPMetrics(registry: registry)
        metrics.connectionOpened()
        metrics.connectionOpened()
        metrics.connectionClosed()
        metrics.connectionRefused()
        metrics.requestRejected(status: 400, code: "gateway.malformed_request")
        metrics.requestRejected(status: 408, code: "gateway.request_timeout")
        metrics.requestRejected(status: 400, code: "gateway.malformed_request")
        metrics.rateLimited(scope: "tenant")
        let text = registry.render()
        #expect(text.contains("maestro_http_connections_open 1\n"))
        #expect(text.contains("maestro_http_connections_refused_total 1\n"))
        #expect(
            text.contains(#"maestro_http_requests_rejected_total{status="400",code="gateway.malformed_request"} 2"#))
        #expect(
            text.contains(#"maestro_http_requests_rejected_total{status="408",code="gateway.request_timeout"} 1"#))
        #expect(text.contains(#"maestro_http_rate_limited_total{scope="tenant"} 1"#))
    }

    @Test func sharesFamiliesWhenBuiltTwiceOnOneRegistry() {
        let registry = MetricsRegistry()
        let first = HTTPMetrics(registry: registry)
        let second = HTTPMetrics(registry: registry)
        first.connectionOpened()
        second.connectionOpened()
        #expect(first.connectionsOpen === second.connectionsOpen)
        #expect(first.connectionsOpen.value() == 2)
    }
}
