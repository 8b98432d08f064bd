/// The OpenAPI 3.1 description of the HTTP API, served at `GET /openapi.json`.
///
/// `docs/openapi.json` is the source: ``text`` is the same document byte for byte, in the
/// `OpenAPIDocument+Part<N>.swift` files that `scripts/openapi-swift.py` writes from it. A test
/// checks that the two agree and that the document describes exactly the routes the gateway serves.
enum OpenAPIDocument {
    /// Registers `GET /openapi.json` (and so `HEAD`), open to anyone like `/health`.
    static func add(to router: inout Router) {
        let body = Array(text.utf8)
        router.get("/openapi.json", authenticated: false) { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: .bytes(body))
        }
    }
}
