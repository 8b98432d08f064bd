/// Why an expression could not be evaluated. Becomes a `PolicyError` in a decision's `errors`.
struct EvaluationError: Error, Sendable {
    var code: PolicyError.Code
    var message: String
    var span: SourceSpan?
    /// For a missing attribute: the path that was read, such as `principal.clearance`, so that an
    /// explanation can say which attribute would have been needed.
    var missingPath: String?

    static func typeError(expected: String, got value: Value, span: SourceSpan?) -> EvaluationError {
        EvaluationError(
            code: .typeError, message: "type error: expected \(expected), got \(value.typeName)", span: span)
    }

    var policyError: PolicyError { PolicyError(code, message, at: span) }
}

/// What the evaluator reads: the request, the entity store, and the request's own entities and
/// context looked up once.
struct Environment {
    let request: Request
    let entities: Entities
    let principal: Entity?
    let resource: Entity?
    let context: Value

    init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
        principal = entities[request.principal]
        resource = entities[request.resource]
        context = .record(request.context)
    }

    /// Action entities are rarely read, so they are looked up only when they are.
    var action: Entity? { entities[request.action] }
}
