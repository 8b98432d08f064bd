import JSON

/// What a route handler gets: the request, its path parameters and query, who is calling, and
/// helpers that turn bad input into the right `APIError`.
public struct RequestContext: Sendable {
    public let request: HTTPRequest
    public let info: ConnectionInfo
    /// `:name` segments of the route's template, percent-decoded.
    public let parameters: [String: String]
    /// The route's template (`/api/workflows/:id`), for metrics and logs.
    public let route: String
    /// This request's id (`X-Request-Id`), also in the access log and every problem's `instance`.
    public let requestID: String
    /// The authenticated caller, when the route requires one.
    public var principal: AuthenticatedPrincipal?

    public init(
        request: HTTPRequest, info: ConnectionInfo, parameters: [String: String], route: String, requestID: String,
        principal: AuthenticatedPrincipal? = nil
    ) {
        self.request = request
        self.info = info
        self.parameters = parameters
        self.route = route
        self.requestID = requestID
        self.principal = principal
    }

    public var headers: HTTPHeaders { request.head.headers }

    /// A path parameter.
    /// - Throws: `gateway.invalid_parameter` if the route has no such parameter (a programming error).
    public func parameter(_ name: String) throws(APIError) -> String {
        guard let value = parameters[name] else {
            throw APIError(
                status: 400, code: GatewayError.Code.invalidParameter.rawValue,
                detail: "missing path parameter `\(name)`")
        }
        return value
    }

    /// The first value of query parameter `name`, percent-decoded (`+` is a space).
    public func query(_ name: String) -> String? {
        QueryString.values(request.head.query ?? "", name).first
    }

    /// An integer query parameter within `range`, or `defaultValue` when absent.
    /// - Throws: `gateway.invalid_parameter` for anything else.
    public func queryInteger(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int) throws(APIError)
        -> Int
    {
        guard let text = query(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw APIError(
                status: 400, code: GatewayError.Code.invalidParameter.rawValue,
                detail: "query parameter `\(name)` must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// The body as JSON.
    /// - Throws: `gateway.unsupported_media_type` (415) unless the body is `application/json`,
    ///   and the JSON parser's codes (400) for malformed or oversized JSON.
    public func jsonBody(options: JSONParseOptions = .default) throws(APIError) -> JSONValue {
        let type = headers["Content-Type"]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: " \t").lowercased()
        }
        guard type == "application/json" || (type?.hasSuffix("+json") ?? false) else {
            throw APIError(
                status: 415, code: GatewayError.Code.unsupportedMediaType.rawValue,
                detail: "send the body as `application/json`")
        }
        do {
            return try JSONValue.parse(request.body, options: options)
        } catch {
            throw ProblemMapper.apiError(for: error)
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}

/// `application/x-www-form-urlencoded`-style query strings.
enum QueryString {
    /// Every value of `name`, percent-decoded; `+` decodes to a space. Malformed escapes are kept.
    static func values(_ query: Substring, _ name: String) -> [String] {
        query.split(separator: "&", omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard decode(parts[0]) == name else { return nil }
            return parts.count > 1 ? decode(parts[1]) : ""
        }
    }

    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16),
                iterator.prefix(2).allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit })
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
