import JSON

/// `/health`, `/metrics` and `/api/whoami`.
enum OperationalRoutes {
    static func add(to router: inout Router, health: HealthRegistry, metrics: MetricsRegistry) {
        router.get("/health", authenticated: false) { _ in
            let report = await health.report()
            return .json(report.json, status: report.isHealthy ? 200 : 503)
        }
        router.get("/metrics", authenticated: false) { _ in
            HTTPResponse(
                status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                body: .bytes(Array(metrics.render().utf8)))
        }
        router.get("/api/whoami") { context in
            guard let principal = context.principal else { throw APIError.notFound() }
            var members: [String: JSONValue] = [
                "sub": .string(principal.id), "tenant": .string(principal.tenant), "role": .string(principal.role),
            ]
            if let clearance = principal.clearance { members["clearance"] = .number(JSONNumber(clearance)) }
            if let purpose = principal.purpose { members["purpose"] = .string(purpose) }
            if let legalBasis = principal.legalBasis { members["legal_basis"] = .string(legalBasis) }
            return .json(.object(members))
        }
    }
}

extension HTTPResponse {
    /// A JSON response (compact, members sorted).
    public static func json(_ value: JSONValue, status: Int = 200, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse
    {
        var headers = headers
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: .bytes(value.encoded(.compact)))
    }
}
