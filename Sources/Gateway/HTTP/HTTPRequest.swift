/// The HTTP versions the server speaks.
public enum HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    case http10
    case http11

    public var description: String { self == .http10 ? "HTTP/1.0" : "HTTP/1.1" }
}

/// How the body of a request is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable {
    case none
    case contentLength(Int)
    case chunked
}

/// A request's line and header section, as parsed.
public struct HTTPRequestHead: Sendable {
    /// The method token, case kept (methods are case-sensitive, RFC 9110 §9.1).
    public var method: String
    /// The request target exactly as sent (origin, absolute, authority or asterisk form).
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// Whether the connection persists after this request (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` and awaits `100 Continue` before the body.
    public var expectsContinue: Bool
    /// The authority the request is for: the Host field, or the absolute-form target's authority.
    public var effectiveHost: String?
    public var framing: BodyFraming

    public init(
        method: String, target: String, version: HTTPVersion, headers: HTTPHeaders, keepAlive: Bool = true,
        expectsContinue: Bool = false, effectiveHost: String? = nil, framing: BodyFraming = .none
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
        self.effectiveHost = effectiveHost
        self.framing = framing
    }

    /// The path part of the target (before `?`), for origin-form targets.
    public var path: Substring {
        let pathAndQuery = target.hasPrefix("/") ? Substring(target) : Substring(target).drop { $0 != "/" }
        return pathAndQuery.prefix { $0 != "?" && $0 != "#" }
    }

    /// The query part of the target (after `?`), without the `?`.
    public var query: Substring? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return target[target.index(after: mark)...].prefix { $0 != "#" }
    }
}

/// A complete request: its head and its whole body (bodies are bounded by the server's limits).
public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
    /// Trailer fields of a chunked body; read, but never used as headers (RFC 9110 §6.5.1).
    public var trailers: HTTPHeaders

    public init(head: HTTPRequestHead, body: [UInt8] = [], trailers: HTTPHeaders = HTTPHeaders()) {
        self.head = head
        self.body = body
        self.trailers = trailers
    }
}

/// Why a request was refused before reaching a handler: the status to answer with (RFC 9112),
/// after which the connection closes.
public struct HTTPParseError: Error, Sendable, Equatable {
    /// 400, 413, 414, 417, 431, 501 or 505.
    public var status: Int
    /// A stable code from ``HTTPParseErrorCode``, such as `gateway.conflicting_framing`.
    public var code: String
    /// What was wrong, for the problem body (never echoes more than a short excerpt of input).
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func == (a: Self, b: Self) -> Bool { a.status == b.status && a.code == b.code }
}
