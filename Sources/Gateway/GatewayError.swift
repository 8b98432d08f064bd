/// The one error type of the Gateway module: a stable machine-readable `code` and a human message.
///
/// Codes are `gateway.<snake_case_reason>`, listed in `docs/error-codes.md`, never renamed or reused.
/// Two errors are equal when their codes are, so tests compare codes and not message wording.
public struct GatewayError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, such as `gateway.example`.
        public let rawValue: String
        public var description: String { rawValue }
        init(_ rawValue: String) { self.rawValue = rawValue }
    }

    /// What went wrong, for machines.
    public var code: Code
    /// What went wrong, for people: lowercase, no final period, user input in backticks.
    public var message: String

    /// Makes an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
    public static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension GatewayError.Code {
    /// The server could not open its listening socket (address in use, permission, bad address).
    public static let listenFailed = Self("gateway.listen_failed")
    /// No route matches the request's path.
    public static let notFound = Self("gateway.not_found")
    /// A route matches the path but not the method; `Allow` lists the methods that do.
    public static let methodNotAllowed = Self("gateway.method_not_allowed")
    /// A body in a media type the endpoint does not accept (it wants `application/json`).
    public static let unsupportedMediaType = Self("gateway.unsupported_media_type")
    /// A path or query parameter with a value the endpoint cannot use.
    public static let invalidParameter = Self("gateway.invalid_parameter")
    /// Too many requests for this tenant (or trigger); `Retry-After` says when to try again.
    public static let rateLimited = Self("gateway.rate_limited")
    /// A dependency the request needs is down.
    public static let unavailable = Self("gateway.unavailable")
    /// An unexpected failure; the detail never says more, the log has the request id.
    public static let internalError = Self("gateway.internal_error")
    /// The server is at its connection limit.
    public static let tooManyConnections = Self("gateway.too_many_connections")
    /// The client took too long to send the request header or body.
    public static let requestTimeout = Self("gateway.request_timeout")
    /// The service could not start: data directory, policies or keys are unusable.
    public static let startupFailed = Self("gateway.startup_failed")
}
