import JSON

/// An error a handler returns to the client: an HTTP status, a stable code, and what to say.
/// Every error reaching a client becomes one of these, in ``ProblemMapper``, and is written as
/// RFC 9457 `application/problem+json` — never a stack trace, never a bare text body.
public struct APIError: Error, Sendable {
    public var status: Int
    /// A stable code (`gateway.not_found`, `policy.denied`, `json.unexpected_character`, …).
    public var code: String
    /// One sentence for people; lowercase, no final period.
    public var detail: String
    /// Extra members of the problem object (`reasons`, `decisionId`, …).
    public var extensions: [String: JSONValue]
    /// Headers the response must carry (`WWW-Authenticate`, `Retry-After`, `Allow`, …).
    public var headers: HTTPHeaders

    public init(
        status: Int, code: String, detail: String, extensions: [String: JSONValue] = [:],
        headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.status = status
        self.code = code
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    public static func notFound(_ detail: String = "no resource at this path") -> APIError {
        APIError(status: 404, code: GatewayError.Code.notFound.rawValue, detail: detail)
    }

    public static func badRequest(_ code: String, _ detail: String) -> APIError {
        APIError(status: 400, code: code, detail: detail)
    }

    /// The problem object (RFC 9457 §3): `type`, `title`, `status`, `detail`, `code`, `instance`.
    public func problem(instance: String) -> JSONValue {
        var members = extensions
        members["type"] = .string("urn:maestro:problem:\(code)")
        members["title"] = .string(HTTPStatus.reason(status))
        members["status"] = .number(JSONNumber(status))
        members["detail"] = .string(detail)
        members["code"] = .string(code)
        members["instance"] = .string(instance)
        return .object(members)
    }

    /// The response carrying the problem.
    public func response(instance: String) -> HTTPResponse {
        var headers = self.headers
        headers.set("Content-Type", "application/problem+json")
        headers.set("Cache-Control", "no-store")
        return HTTPResponse(
            status: status, headers: headers, body: .bytes(problem(instance: instance).encoded(.compact)))
    }
}
