import Testing

@testable import Gateway

struct RouterTests {
    static func router() -> Router {
        var router = Router()
        let ok: Router.Handler = { _ in HTTPResponse(status: 200) }
        router.get("/api/workflows", ok)
        router.post("/api/workflows", ok)
        router.get("/api/workflows/:id", ok)
        router.post("/api/workflows/:id/publish", ok)
        router.get("/api/workflows/templates", authenticated: false, ok)
        return router
    }

    @Test func matchesTemplatesAndCapturesParameters() throws {
        guard
            case .found(_, let template, let parameters, let authenticated) = Self.router().match(
                method: "POST", path: "/api/workflows/w%2F1/publish")
        else { Issue.record("no match"); return }
        #expect(template == "/api/workflows/:id/publish")
        #expect(parameters == ["id": "w/1"])
        #expect(authenticated)
    }

    @Test func prefersLiteralSegmentsOverParameters() throws {
        guard
            case .found(_, let template, _, let authenticated) = Self.router().match(
                method: "GET", path: "/api/workflows/templates")
        else { Issue.record("no match"); return }
        #expect(template == "/api/workflows/templates")
        #expect(!authenticated)
    }

    @Test func saysWhichMethodsAreAllowed() {
        guard case .methodNotAllowed(let allowed) = Self.router().match(method: "DELETE", path: "/api/workflows") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["GET", "POST"])
    }

    @Test(arguments: ["/api", "/api/workflows/a/b", "/nope", "/api/workflows//publish/x"])
    func unknownPathsAreNotFound(_ path: String) {
        guard case .notFound = Self.router().match(method: "GET", path: Substring(path)) else {
            Issue.record("expected 404 for \(path)")
            return
        }
    }

    @Test func headIsServedByGet() {
        guard case .found = Self.router().match(method: "HEAD", path: "/api/workflows") else {
            Issue.record("HEAD should match GET")
            return
        }
    }

    @Test func decodesQueryStrings() {
        #expect(QueryString.values("a=1&b=x+y&a=%41%2b&c", "a") == ["1", "A+"])
        #expect(QueryString.values("a=1&b=x+y", "b") == ["x y"])
        #expect(QueryString.values("c", "c") == [""])
        #expect(QueryString.values("bad=%zz", "bad") == ["%zz"])
    }
}
