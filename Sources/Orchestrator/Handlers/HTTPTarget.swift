/// Where an `http` step sends its request: an absolute `http://` or `https://` URL, taken apart.
///
/// Only what an HTTP/1.1 client needs: no user info (credentials belong in headers, from a vault),
/// no relative references; the fragment is dropped. Hosts are names, IPv4 addresses, or IPv6
/// addresses in brackets.
struct HTTPTarget: Sendable, Equatable {
    /// `http` or `https`, lowercased.
    var scheme: String
    /// The host name or address, without IPv6 brackets.
    var host: String
    var port: Int
    /// The path and query, as sent in the request line (`/` when the URL has no path).
    var pathAndQuery: String

    /// The `Host` header's value: the host (bracketed if IPv6), and the port unless it is the default.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == defaultPort ? name : "\(name):\(port)"
    }

    var defaultPort: Int { scheme == "https" ? 443 : 80 }

    /// Takes `url` apart.
    /// - Throws: `workflow.handler_config_invalid` saying what is wrong with the URL.
    static func parse(_ url: String) throws(WorkflowError) -> HTTPTarget {
        func invalid(_ reason: String) -> WorkflowError {
            WorkflowError(.handlerConfigInvalid, "`config.url` `\(url)` \(reason)")
        }
        guard url.utf8.count <= 8192 else { throw invalid("is longer than 8192 bytes") }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw invalid("has spaces, control or non-ASCII characters; percent-encode them")
        }
        guard let separator = url.range(of: "://") else { throw invalid("is not an absolute URL") }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else {
            throw invalid("has no valid scheme")
        }
        var rest = url[separator.upperBound...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var pathAndQuery = String(rest[authorityEnd...])
        if pathAndQuery.isEmpty || pathAndQuery.hasPrefix("?") { pathAndQuery = "/" + pathAndQuery }
        guard !authority.contains("@") else { throw invalid("has user info; send credentials in a header") }
        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("has an unclosed `[`") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("has text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw invalid("has no host") }
        var target = HTTPTarget(scheme: scheme, host: String(host), port: 0, pathAndQuery: pathAndQuery)
        target.port = target.defaultPort
        if let portText {
            guard let port = Int(portText), portText.allSatisfy(\.isNumber), (1...65535).contains(port) else {
                throw invalid("has an invalid port")
            }
            target.port = port
        }
        return target
    }
}
