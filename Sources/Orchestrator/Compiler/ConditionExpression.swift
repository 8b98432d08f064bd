import PolicyEngine

/// An expression in the policy language, as a workflow writes it in a condition or a loop.
///
/// One expression language in the product: conditions are Cedar expressions over one variable,
/// `context`, a record of `input` (the execution's input), `steps` (each finished step's
/// `output` by step id), `env` (tenant, purpose, time) and, in a `while` loop, `iteration` (from
/// 0). `principal`, `action` and `resource`
/// belong to authorization and are not available here.
public struct ConditionExpression: Sendable {
    /// What the expression must produce.
    public enum Expected: Sendable {
        case boolean
        case set
    }

    /// The expression as written.
    public let text: String
    /// The parsed expression.
    public let expression: Expression
    /// Input names read as `context.input.<name>`.
    public let inputs: Set<String>
    /// Step ids read as `context.steps.<id>`.
    public let steps: Set<String>

    /// Parses and checks `text`.
    /// - Throws: `workflow.expression_invalid` with a message saying what is wrong.
    /// - Parameter inputs: the types the definition's `inputs` schema gives its inputs
    ///   (``ExpressionType/inputTypes(_:)``); an input it does not type is unknown.
    public static func parse(
        _ text: String, expecting expected: Expected, inputs inputTypes: [String: ExpressionType] = [:]
    ) throws(WorkflowError) -> ConditionExpression {
        let source = "permit (principal, action, resource) when {\n" + text + "\n};"
        let set: PolicySet
        do throws(PolicyError) {
            set = try PolicySet(sources: [PolicySet.Source(name: "expression", text: source)])
        } catch {
            let line = error.span.map { " (line \($0.start.line - 1), column \($0.start.column))" } ?? ""
            throw WorkflowError(.expressionInvalid, "\(error.code): \(error.message)\(line)")
        }
        guard set.policies.count == 1, set.policies[0].conditions.count == 1 else {
            throw WorkflowError(.expressionInvalid, "the expression must be one expression, not several")
        }
        let expression = set.policies[0].conditions[0].body
        var inputs: Set<String> = []
        var steps: Set<String> = []
        if let problem = check(expression, inputs: &inputs, steps: &steps) {
            throw WorkflowError(.expressionInvalid, problem)
        }
        switch infer(expression, inputs: inputTypes) {
        case .failure(let problem):
            throw WorkflowError(.expressionInvalid, "type error: \(problem.message)")
        case .success(let type):
            let wanted: ExpressionType = expected == .boolean ? .bool : .set
            guard type == wanted || type == .unknown else {
                throw WorkflowError(
                    .expressionInvalid,
                    "the expression produces \(type.rawValue), but "
                        + (expected == .boolean ? "a condition needs a boolean" : "`forEach` needs a set"))
            }
        }
        return ConditionExpression(text: text, expression: expression, inputs: inputs, steps: steps)
    }

    private static func check(_ expression: Expression, inputs: inout Set<String>, steps: inout Set<String>) -> String?
    {
        switch expression.kind {
        case .variable(let variable) where variable != .context:
            return
                "`\(variable.rawValue)` is not available in a workflow expression; read `context.input`, `context.steps` or `context.env`"
        case .attribute(let base, let name):
            if case .attribute(let root, let section) = base.kind, case .variable(.context) = root.kind {
                if section == "input" { inputs.insert(name) }
                if section == "steps" { steps.insert(name) }
            }
            if case .variable(.context) = base.kind, !["input", "steps", "env", "iteration"].contains(name) {
                return
                    "`context.\(name)` does not exist; `context` has `input`, `steps`, `env` and, in a loop, `iteration`"
            }
            return check(base, inputs: &inputs, steps: &steps)
        default:
            var problem: String?
            forEachChild(of: expression) { child in
                if problem == nil { problem = check(child, inputs: &inputs, steps: &steps) }
            }
            return problem
        }
    }

    private static func forEachChild(of expression: Expression, _ body: (Expression) -> Void) {
        switch expression.kind {
        case .bool, .long, .string, .entity, .variable: break
        case .not(let inner), .negate(let inner), .has(let inner, _), .like(let inner, _), .attribute(let inner, _):
            body(inner)
        case .binary(_, let left, let right):
            body(left)
            body(right)
        case .ifThenElse(let condition, let then, let otherwise):
            body(condition)
            body(then)
            body(otherwise)
        case .is(let inner, _, let scope):
            body(inner)
            if let scope { body(scope) }
        case .method(let receiver, _, let arguments):
            body(receiver)
            arguments.forEach(body)
        case .set(let elements): elements.forEach(body)
        case .record(let entries): entries.forEach { body($0.value) }
        }
    }
}
