import Foundation

@testable import Gateway

/// One case of `shared/vectors/http1/requests.json` (see its README).
struct HTTPVector: Sendable {
    /// A request the vector expects, as written there.
    struct ExpectedRequest: Sendable {
        var method: String
        var target: String
        var version: String
        var headers: [(String, String)]
        /// nil when the body is still pending (`complete: false`).
        var body: [UInt8]?
        var trailers: [(String, String)]?
        var keepAlive: Bool
        var expect100: Bool?
        var effectiveHost: String?
        var isComplete: Bool
    }

    var id: String
    var description: String
    var bytes: [UInt8]
    var requests: [ExpectedRequest]
    /// `end`, `incomplete`, `close` or `reject`.
    var then: String
    var status: Int?

    /// Every case in the file, in order.
    static func loadAll(_ data: Data) throws -> [HTTPVector] {
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let cases = root?["cases"] as? [[String: Any]] else { throw VectorError("no `cases` array") }
        return try cases.map(HTTPVector.init)
    }

    init(_ json: [String: Any]) throws {
        guard let id = json["id"] as? String, let expect = json["expect"] as? [String: Any],
            let then = expect["then"] as? String, let requests = expect["requests"] as? [[String: Any]]
        else { throw VectorError("malformed case \(json["id"] ?? "?")") }
        self.id = id
        description = json["description"] as? String ?? ""
        if let raw = json["raw"] as? String {
            bytes = try Self.latin1(raw)
        } else if let template = json["rawTemplate"] as? String, let fill = json["fill"] as? String,
            let count = json["fillCount"] as? Int
        {
            bytes = try Self.latin1(
                template.replacingOccurrences(of: "@@", with: String(repeating: fill, count: count)))
        } else {
            throw VectorError("\(id): neither raw nor rawTemplate")
        }
        self.then = then
        status = expect["status"] as? Int
        self.requests = try requests.map { request in
            guard let method = request["method"] as? String, let target = request["target"] as? String,
                let version = request["version"] as? String, let headers = request["headers"] as? [[String]],
                let keepAlive = request["keepAlive"] as? Bool
            else { throw VectorError("\(id): malformed request") }
            return ExpectedRequest(
                method: method, target: target, version: version, headers: headers.map { ($0[0], $0[1]) },
                body: try (request["body"] as? String).map(Self.latin1),
                trailers: (request["trailers"] as? [[String]])?.map { ($0[0], $0[1]) }, keepAlive: keepAlive,
                expect100: request["expect100"] as? Bool, effectiveHost: request["effectiveHost"] as? String,
                isComplete: request["complete"] as? Bool ?? true)
        }
    }

    /// The bytes of a string whose code points are all U+0000–U+00FF (ISO-8859-1).
    static func latin1(_ text: String) throws -> [UInt8] {
        try text.unicodeScalars.map { scalar in
            guard scalar.value <= 0xff else { throw VectorError("code point above U+00FF in `raw`") }
            return UInt8(scalar.value)
        }
    }

    /// Differences between what the vector expects of a request and what the parser yielded.
    static func mismatches(_ expected: ExpectedRequest, _ head: HTTPRequestHead, body: [UInt8]?, trailers: HTTPHeaders?)
        -> [String]
    {
        var found: [String] = []
        func check<T: Equatable>(_ field: String, _ want: T, _ got: T) {
            if want != got { found.append("\(field): want \(want), got \(got)") }
        }
        check("method", expected.method, head.method)
        check("target", expected.target, head.target)
        // RFC 9110 §6.2 — HTTP/1.x with x ≥ 1 is processed as HTTP/1.1, the highest we speak.
        check("version", expected.version == "HTTP/1.0" ? HTTPVersion.http10 : .http11, head.version)
        check("headers", expected.headers.map { "\($0.0): \($0.1)" }, head.headers.map { "\($0.name): \($0.value)" })
        if let body { check("body", expected.body ?? [], body) }
        if let trailers {
            check(
                "trailers", (expected.trailers ?? []).map { "\($0.0): \($0.1)" },
                trailers.map { "\($0.name): \($0.value)" })
        }
        check("keepAlive", expected.keepAlive, head.keepAlive)
        check("expectsContinue", expected.expect100 ?? false, head.expectsContinue)
        // Unless the vector says otherwise, the effective host is the Host field (nil when empty or absent).
        let host = expected.headers.first { $0.0.lowercased() == "host" }?.1
        check("effectiveHost", expected.effectiveHost ?? (host?.isEmpty == false ? host : nil), head.effectiveHost)
        return found
    }
}

struct VectorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
