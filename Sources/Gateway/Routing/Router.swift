/// Method + path-template routing (`/api/workflows/:id/publish`). A path that matches no
/// template is `404`; one that matches only with other methods is `405` with `Allow`.
public struct Router: Sendable {
    public typealias Handler = @Sendable (RequestContext) async throws -> HTTPResponse

    struct Route: Sendable {
        let method: String
        let template: String
        let segments: [Segment]
        let isAuthenticated: Bool
        let handler: Handler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []

    public init() {}

    /// Adds a route. Templates are `/`-separated; `:name` segments capture one path segment.
    /// - Parameter authenticated: whether the route needs a verified bearer token (the default).
    public mutating func add(
        _ method: String, _ template: String, authenticated: Bool = true, _ handler: @escaping Handler
    ) {
        let segments = Router.split(template).map { part in
            part.hasPrefix(":") ? Segment.parameter(String(part.dropFirst())) : .literal(String(part))
        }
        precondition(
            !routes.contains { $0.method == method && $0.segments == segments }, "duplicate route \(method) \(template)"
        )
        routes.append(
            Route(
                method: method, template: template, segments: segments, isAuthenticated: authenticated,
                handler: handler))
    }

    public mutating func get(_ template: String, authenticated: Bool = true, _ handler: @escaping Handler) {
        add("GET", template, authenticated: authenticated, handler)
    }
    public mutating func post(_ template: String, authenticated: Bool = true, _ handler: @escaping Handler) {
        add("POST", template, authenticated: authenticated, handler)
    }
    public mutating func put(_ template: String, authenticated: Bool = true, _ handler: @escaping Handler) {
        add("PUT", template, authenticated: authenticated, handler)
    }
    public mutating func delete(_ template: String, authenticated: Bool = true, _ handler: @escaping Handler) {
        add("DELETE", template, authenticated: authenticated, handler)
    }

    /// Every route as `(method, template, isAuthenticated)`, in the order they were added.
    var registeredRoutes: [(method: String, template: String, isAuthenticated: Bool)] {
        routes.map { ($0.method, $0.template, $0.isAuthenticated) }
    }

    /// The outcome of matching a request.
    public enum Match: Sendable {
        case found(handler: Handler, template: String, parameters: [String: String], isAuthenticated: Bool)
        case notFound
        case methodNotAllowed(allowed: [String])
    }

    /// Finds the route for a method and path. Literal segments win over parameters.
    public func match(method: String, path: Substring) -> Match {
        let parts = Router.split(path)
        var allowed: [String] = []
        var best: (route: Route, parameters: [String: String], literals: Int)? = nil
        for route in routes where route.segments.count == parts.count {
            var parameters: [String: String] = [:]
            var literals = 0
            var matches = true
            for (segment, part) in zip(route.segments, parts) {
                switch segment {
                case .literal(let text):
                    if text != part { matches = false } else { literals += 1 }
                case .parameter(let name):
                    let decoded = QueryString.decodePath(part)
                    if decoded.isEmpty { matches = false } else { parameters[name] = decoded }
                }
                if !matches { break }
            }
            guard matches else { continue }
            guard route.method == method || (method == "HEAD" && route.method == "GET") else {
                allowed.append(route.method)
                continue
            }
            if best == nil || literals > best!.literals { best = (route, parameters, literals) }
        }
        if let best {
            return .found(
                handler: best.route.handler, template: best.route.template, parameters: best.parameters,
                isAuthenticated: best.route.isAuthenticated)
        }
        if !allowed.isEmpty { return .methodNotAllowed(allowed: Array(Set(allowed)).sorted()) }
        return .notFound
    }

    static func split(_ path: some StringProtocol) -> [Substring] {
        Substring(path).split(separator: "/", omittingEmptySubsequences: true)
    }
}

extension QueryString {
    /// Percent-decoding for path segments (`+` stays a plus).
    static func decodePath(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        return decode(Substring(text.replacingOccurrences(of: "+", with: "%2B")))
    }
}

extension Substring {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
