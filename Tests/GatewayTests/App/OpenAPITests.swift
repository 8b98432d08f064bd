import Foundation
import JSON
import TestSupport
import Testing

@testable import Gateway

/// `docs/openapi.json` against the gateway: it describes exactly the routes the gateway serves,
/// with the same authentication; it is well formed and self-contained; it is what
/// `GET /openapi.json` serves.
struct OpenAPITests {
    static let document: JSONValue? = try? JSONValue.parse(OpenAPIDocument.text)
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Every operation as `(METHOD, path, operation)`.
    static func operations(_ document: JSONValue) -> [(method: String, path: String, operation: JSONValue)] {
        var operations: [(method: String, path: String, operation: JSONValue)] = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in methods {
                if let operation = item[method] { operations.append((method.uppercased(), path, operation)) }
            }
        }
        return operations.sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    /// `/api/workflows/:id` as OpenAPI writes it: `/api/workflows/{id}`.
    static func openAPIPath(_ template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    /// The value at a local reference (`#/components/schemas/Problem`), or `nil`.
    static func resolve(_ reference: String, in document: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var value: JSONValue? = document
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let index = Int(key), let array = value?.arrayValue {
                value = array.indices.contains(index) ? array[index] : nil
            } else {
                value = value?[key]
            }
        }
        return value
    }

    /// A value with its `$ref` followed (one level: components here never point at references).
    static func dereferenced(_ value: JSONValue, in document: JSONValue) -> JSONValue? {
        guard let reference = value["$ref"]?.stringValue else { return value }
        return resolve(reference, in: document)
    }

    /// Whether a schema is the Problem schema, or built from it by reference, `allOf`, `anyOf` or `oneOf`.
    static func isProblem(_ schema: JSONValue, in document: JSONValue, depth: Int = 0) -> Bool {
        guard depth < 8 else { return false }
        if let reference = schema["$ref"]?.stringValue {
            if reference == "#/components/schemas/Problem" { return true }
            return resolve(reference, in: document).map { isProblem($0, in: document, depth: depth + 1) } ?? false
        }
        return ["allOf", "anyOf", "oneOf"].contains { keyword in
            schema[keyword]?.arrayValue?.contains { isProblem($0, in: document, depth: depth + 1) } ?? false
        }
    }

    /// Every `$ref` in the document, with where it is.
    static func references(in value: JSONValue, at pointer: String = "#") -> [(pointer: String, reference: String)] {
        switch value {
        case .object(let members):
            var found: [(pointer: String, reference: String)] = []
            if let reference = members["$ref"]?.stringValue { found.append((pointer, reference)) }
            for (key, member) in members {
                let escaped = key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                found += references(in: member, at: pointer + "/" + escaped)
            }
            return found
        case .array(let elements):
            return elements.indices.flatMap { references(in: elements[$0], at: pointer + "/\($0)") }
        default:
            return []
        }
    }

    /// The routes of a gateway built as `maestro serve` builds it, from the repository's policies.
    static func gatewayRoutes() async throws -> [(method: String, template: String, isAuthenticated: Bool)] {
        let data = try TemporaryDirectory()
        let configuration = GatewayConfiguration(
            server: ServerConfiguration(port: 0, eventLoops: 1, shutdownGracePeriod: .seconds(1)),
            dataDirectory: data.path("data"),
            policyDirectory: Vectors.packageRoot.appendingPathComponent("policies").path, accessLog: false)
        let gateway = try Gateway(configuration: configuration)
        let task = Task { await gateway.run() }
        defer { withExtendedLifetime(data) {} }
        // The router the gateway composed and serves (`Gateway.router`).
        let router = Mirror(reflecting: gateway).children.first { $0.label == "router" }?.value as? Router
        gateway.shutdown()
        await task.value
        let routes = try #require(
            router?.registeredRoutes, "Gateway keeps no `router`: add `let router: Router` and set it in `init`")
        return routes
    }

    @Test func isAnOpenAPI31DocumentOfThisVersion() throws {
        let document = try #require(Self.document, "OpenAPIDocument.text does not parse as JSON")
        #expect(document["openapi"] == "3.1.0")
        #expect(document["info"]?["version"] == "0.1.0")
        #expect(document["info"]?["title"]?.stringValue?.isEmpty == false)
        let bearer = document["components"]?["securitySchemes"]?["bearerAuth"]
        #expect(bearer?["type"] == "http" && bearer?["scheme"] == "bearer" && bearer?["bearerFormat"] == "JWT")
        #expect(document["security"] == [["bearerAuth": []]])
    }

    @Test func docsFileIsTheServedTextByteForByte() throws {
        let url = Vectors.packageRoot.appendingPathComponent("docs/openapi.json")
        let file = try Data(contentsOf: url)
        #expect(
            Array(file) == Array(OpenAPIDocument.text.utf8),
            "docs/openapi.json and OpenAPIDocument.text differ: run scripts/openapi-swift.py")
    }

    @Test func describesExactlyTheRoutesTheGatewayServes() async throws {
        let document = try #require(Self.document)
        let routes = try await Self.gatewayRoutes()
        let served = Set(routes.map { "\($0.method) \(Self.openAPIPath($0.template))" })
        let operations = Self.operations(document)
        let described = Set(operations.map { "\($0.method) \($0.path)" })
        let undocumented = served.subtracting(described).sorted()
        let unserved = described.subtracting(served).sorted()
        #expect(
            undocumented.isEmpty,
            "routes the gateway serves that docs/openapi.json lacks: \(undocumented.joined(separator: ", "))")
        #expect(
            unserved.isEmpty,
            "operations in docs/openapi.json that the gateway does not serve: \(unserved.joined(separator: ", "))")

        // `security: []` marks exactly the routes that need no token.
        let open = Set(routes.filter { !$0.isAuthenticated }.map { "\($0.method) \(Self.openAPIPath($0.template))" })
        for (method, path, operation) in operations where served.contains("\(method) \(path)") {
            let isOpen = operation["security"] == []
            #expect(
                isOpen == open.contains("\(method) \(path)"), "\(method) \(path): `security` disagrees with the route")
        }
    }

    @Test func everyOperationHasAProblemResponseForAClientError() throws {
        let document = try #require(Self.document)
        for (method, path, operation) in Self.operations(document) {
            let responses = operation["responses"]?.objectValue ?? [:]
            let problems = responses.filter { status, response in
                guard status.count == 3, status.hasPrefix("4"),
                    let schema = Self.dereferenced(response, in: document)?["content"]?["application/problem+json"]?[
                        "schema"]
                else { return false }
                return Self.isProblem(schema, in: document)
            }
            #expect(!problems.isEmpty, "\(method) \(path) has no 4xx response with a Problem body")
        }
    }

    @Test func everyOperationIsNamedOnceAndDeclaresItsPathParameters() throws {
        let document = try #require(Self.document)
        var operationIds: [String] = []
        for (method, path, operation) in Self.operations(document) {
            operationIds.append(operation["operationId"]?.stringValue ?? "")
            let declared = Set(
                (operation["parameters"]?.arrayValue ?? []).compactMap { parameter -> String? in
                    let parameter = Self.dereferenced(parameter, in: document)
                    return parameter?["in"] == "path" ? parameter?["name"]?.stringValue : nil
                })
            let inPath = Set(
                path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            #expect(declared == inPath, "\(method) \(path) declares path parameters \(declared.sorted())")
        }
        #expect(!operationIds.contains(""), "an operation has no operationId")
        #expect(Set(operationIds).count == operationIds.count, "operationIds repeat: \(operationIds.sorted())")
    }

    /// The document is self-contained: the workflow definition is a permissive `WorkflowDefinition`
    /// schema pointing at `GET /api/schemas/workflow`, not an external `$ref`, so every reference is local.
    @Test func everyReferenceResolvesWithinTheDocument() throws {
        let document = try #require(Self.document)
        let references = Self.references(in: document)
        #expect(references.count > 100)
        for (pointer, reference) in references {
            #expect(Self.resolve(reference, in: document) != nil, "\(pointer): `\(reference)` does not resolve")
        }
    }

    @Test func servesTheDocumentToAnyone() async throws {
        var router = Router()
        OpenAPIDocument.add(to: &router)
        guard
            case .found(let handler, _, let parameters, let isAuthenticated) = router.match(
                method: "GET", path: "/openapi.json")
        else {
            Issue.record("GET /openapi.json is not routed")
            return
        }
        #expect(!isAuthenticated)
        let head = HTTPRequestHead(method: "GET", target: "/openapi.json", version: .http11, headers: HTTPHeaders())
        let response = try await handler(
            RequestContext(
                request: HTTPRequest(head: head), info: ConnectionInfo(peer: "127.0.0.1:1", receivedAt: 0),
                parameters: parameters, route: "/openapi.json", requestID: "r1"))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.bytesBody == Array(OpenAPIDocument.text.utf8))
    }
}
