import JSON
import Orchestrator

/// `POST /api/workflows/validate`: compile and lint a definition without storing anything.
enum WorkflowValidationRoutes {
    static func add(to router: inout Router) {
        router.post("/api/workflows/validate") { context in
            let document = try context.jsonBody()
            let strict = try strictFlag(context)
            let compilation = WorkflowCompiler.compile(document: document, options: CompilerOptions(strict: strict))
            return .json(compilation.json)
        }
    }

    /// `?strict=true|false` (default false).
    static func strictFlag(_ context: RequestContext) throws(APIError) -> Bool {
        switch context.query("strict") {
        case nil, "false": return false
        case "true": return true
        case let other?:
            throw APIError.badRequest(
                GatewayError.Code.invalidParameter.rawValue,
                "query parameter `strict` is `true` or `false`, not `\(other)`")
        }
    }
}
