import Foundation
import JSON

/// What every request goes through, in order: request id and trace context, routing,
/// authentication, the tenant's rate limit, the handler, error mapping, then metrics and the
/// access log. The only place a thrown error becomes a response.
struct RequestPipeline: Sendable {
    let router: Router
    let verifier: TokenVerifier
    let rateLimiter: RateLimiter
    let metrics: HTTPMetrics
    let accessLog: AccessLog?
    /// Unix seconds, for token expiry.
    let clock: @Sendable () -> Int64

    func handle(_ request: HTTPRequest, _ info: ConnectionInfo) async -> HTTPResponse {
        metrics.requestStarted()
        let headers = request.head.headers
        let requestID = RequestID.accept(headers["X-Request-Id"]) ?? RequestID.make()
        let trace = Traceparent.parse(headers["traceparent"])?.child() ?? Traceparent.root()
        var route = "unmatched"
        var principal: AuthenticatedPrincipal?
        var problemCode: String?
        var rateHeaders: [(String, String)] = []
        var response: HTTPResponse
        do {
            switch router.match(method: request.head.method, path: request.head.path) {
            case .notFound:
                throw APIError.notFound()
            case .methodNotAllowed(let allowed):
                throw APIError(
                    status: 405, code: GatewayError.Code.methodNotAllowed.rawValue,
                    detail: "`\(request.head.method.prefix(16))` is not allowed here",
                    headers: ["Allow": allowed.joined(separator: ", ")])
            case .found(let handler, let template, let parameters, let isAuthenticated):
                route = template
                var context = RequestContext(
                    request: request, info: info, parameters: parameters, route: template, requestID: requestID)
                if isAuthenticated {
                    let caller = try authenticate(headers)
                    principal = caller
                    context.principal = caller
                    let decision = rateLimiter.acquire(caller.tenant)
                    rateHeaders = rateLimiter.headers(for: decision)
                    guard decision.allowed else {
                        metrics.rateLimited(scope: "tenant")
                        throw APIError(
                            status: 429, code: GatewayError.Code.rateLimited.rawValue,
                            detail:
                                "too many requests for tenant `\(caller.tenant)`; retry after the time in `Retry-After`"
                        )
                    }
                }
                response = try await handler(context)
            }
        } catch {
            let apiError = ProblemMapper.apiError(for: error)
            problemCode = apiError.code
            if apiError.status >= 500 {
                // The detail a client sees says nothing; the log says what happened, under the request id.
                FileHandle.standardError.write(Data("maestro: request \(requestID) failed: \(error)\n".utf8))
            }
            response = apiError.response(instance: "urn:maestro:request:\(requestID)")
        }
        for (name, value) in rateHeaders { response.headers.set(name, value) }
        response.headers.set("X-Request-Id", requestID)
        response.headers.set("traceparent", trace.header)
        if request.head.method == "HEAD", case .bytes(let body) = response.body {
            response.headers.set("Content-Length", String(body.count))
            response.body = .bytes([])
        }
        let seconds = Double(Socket.now() &- info.receivedAt) / 1e9
        let responseBytes = response.bytesBody.count
        metrics.requestFinished(
            route: route, method: request.head.method, status: response.status, seconds: seconds,
            requestBytes: request.body.count, responseBytes: responseBytes)
        accessLog?.record(
            AccessLogEntry(
                time: Date(), requestID: requestID, traceID: trace.traceID, method: request.head.method,
                path: String(request.head.path), route: route, status: response.status,
                durationMilliseconds: seconds * 1000, requestBytes: request.body.count, responseBytes: responseBytes,
                peer: info.peer, principal: principal?.id, tenant: principal?.tenant, code: problemCode))
        return response
    }

    private func authenticate(_ headers: HTTPHeaders) throws -> AuthenticatedPrincipal {
        let token = try BearerToken.extract(authorization: headers["Authorization"])
        let claims = try verifier.verify(token, now: clock())
        return try AuthenticatedPrincipal(claims: claims)
    }
}
