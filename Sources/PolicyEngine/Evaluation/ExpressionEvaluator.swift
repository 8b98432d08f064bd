import JSON

/// Evaluates one expression over a `context` record alone: no principal, action or resource, and
/// no entities — what a workflow condition or loop needs.
///
/// It compiles the expression with the same compiler and evaluates it with the same nodes as the
/// ``Authorizer``, so the semantics are Cedar's exactly: `&&`, `||` and `if` short-circuit, `Long`
/// arithmetic is checked, strings compare by code points, and an entity literal has no attributes
/// and no ancestors but itself. Compile once, evaluate as often as needed; it is immutable.
public struct ExpressionEvaluator: Sendable {
    /// The expression as parsed.
    public let expression: Expression
    private let root: any Node

    /// Prepares `expression` for evaluation.
    /// - Parameter expression: An expression that reads no variable but `context`.
    /// - Throws: `policy.invalid_request` if the expression reads `principal`, `action` or
    ///   `resource`, which an evaluation over `context` alone does not have.
    public init(_ expression: Expression) throws(PolicyError) {
        if let variable = Self.firstRequestVariable(in: expression) {
            throw PolicyError(
                .invalidRequest,
                "`\(variable.variable.rawValue)` is not available here: "
                    + "the expression is evaluated over `context` alone",
                at: variable.span)
        }
        self.expression = expression
        root = ExpressionCompiler.compile(expression)
    }

    /// Parses and prepares the expression in `text` (the body of a `when` clause).
    /// - Parameters:
    ///   - text: The expression's text.
    ///   - source: The name that error locations give for the text.
    /// - Throws: the parser's codes (`policy.unexpected_token`, …) with a location, and
    ///   `policy.invalid_request` as ``init(_:)`` does.
    public init(parsing text: String, source: String = "expression") throws(PolicyError) {
        try self.init(Parser.parseExpression(text, source: source))
    }

    /// The expression's value with `context` bound to `context`.
    /// - Parameter context: The record that `context` stands for.
    /// - Returns: The value, of whatever type the expression produces.
    /// - Throws: `policy.attribute_missing` (a record without the attribute read),
    ///   `policy.entity_not_found` (an attribute read from an entity literal), `policy.type_error`
    ///   and `policy.overflow`, each with the span of the subexpression at fault.
    public func evaluate(context: Record) throws(PolicyError) -> Value {
        let environment = Environment(request: Self.request(context), entities: Self.noEntities)
        do {
            return try root.evaluate(environment)
        } catch {
            throw error.policyError
        }
    }

    /// The expression's value with `context` bound to a JSON object in Cedar's JSON value form.
    /// - Parameter context: A JSON object; its members become the record's (arrays become sets,
    ///   `{"__entity": …}` an entity reference).
    /// - Returns: The value, of whatever type the expression produces.
    /// - Throws: `policy.invalid_request` if `context` is not an object or holds what Cedar values
    ///   cannot (null, fractions), and the codes of the evaluation over a record.
    public func evaluate(context: JSONValue) throws(PolicyError) -> Value {
        guard case .object = context else {
            throw PolicyError(.invalidRequest, "`context` must be a JSON object, not \(context.typeName)")
        }
        guard case .record(let record) = try Value(json: context, code: .invalidRequest, at: "context") else {
            throw PolicyError(.invalidRequest, "`context` must be a record, not an entity reference")
        }
        return try evaluate(context: record)
    }

    /// The placeholder request: the nodes read the request's `context` only, since ``init(_:)``
    /// refuses expressions that read anything else.
    private static func request(_ context: Record) -> Request {
        Request(principal: placeholder, action: placeholder, resource: placeholder, context: context)
    }

    private static let placeholder = EntityUID(type: "__cedar::Unavailable", id: "")
    private static let noEntities = Entities()

    /// The first `principal`, `action` or `resource` the expression reads, with where.
    private static func firstRequestVariable(in expression: Expression) -> (variable: Variable, span: SourceSpan)? {
        switch expression.kind {
        case .bool, .long, .string, .entity: return nil
        case .variable(let variable): return variable == .context ? nil : (variable, expression.span)
        case .not(let inner), .negate(let inner), .has(let inner, _), .like(let inner, _), .attribute(let inner, _):
            return firstRequestVariable(in: inner)
        case .binary(_, let left, let right):
            return firstRequestVariable(in: left) ?? firstRequestVariable(in: right)
        case .ifThenElse(let condition, let then, let otherwise):
            return firstRequestVariable(in: condition) ?? firstRequestVariable(in: then)
                ?? firstRequestVariable(in: otherwise)
        case .is(let inner, _, let scope):
            return firstRequestVariable(in: inner) ?? scope.flatMap(firstRequestVariable(in:))
        case .method(let receiver, _, let arguments):
            return firstRequestVariable(in: receiver) ?? arguments.lazy.compactMap(firstRequestVariable(in:)).first
        case .set(let elements): return elements.lazy.compactMap(firstRequestVariable(in:)).first
        case .record(let entries): return entries.lazy.compactMap { firstRequestVariable(in: $0.value) }.first
        }
    }
}
