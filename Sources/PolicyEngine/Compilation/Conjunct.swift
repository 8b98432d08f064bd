/// The operators an explanation's checks use: a small fixed vocabulary clients can switch on.
public enum CheckOperator: String, Sendable, CaseIterable {
    case eq, ne, lt, le, gt, ge
    case `in`, notIn = "not_in"
    case contains, notContains = "not_contains"
    case has, notHas = "not_has"
    case like
    case `is`

    /// The operator that holds exactly when this one does not, where the vocabulary has one.
    var negated: CheckOperator? {
        switch self {
        case .eq: return .ne
        case .ne: return .eq
        case .lt: return .ge
        case .ge: return .lt
        case .le: return .gt
        case .gt: return .le
        case .in: return .notIn
        case .notIn: return .in
        case .contains: return .notContains
        case .notContains: return .contains
        case .has: return .notHas
        case .notHas: return .has
        case .like, .is: return nil
        }
    }

    /// The operator with its operands swapped (`a < b` is `b > a`), for `in` and the like none.
    var mirrored: CheckOperator? {
        switch self {
        case .eq, .ne: return self
        case .lt: return .gt
        case .gt: return .lt
        case .le: return .ge
        case .ge: return .le
        default: return nil
        }
    }
}

/// What part a conjunct plays. Explanations consider only permits whose action and type scope
/// match the request ("scope matched") and count failures among the other conjuncts.
enum ConjunctRole: Sendable {
    /// `action == …` / `action in …`.
    case actionScope
    /// `principal is T`, and the type implied by `principal == T::"id"`.
    case typeScope
    /// `principal == E`, `principal in E` and their resource forms.
    case entityScope
    /// A part of a `when` or `unless` clause.
    case condition
}

/// How to describe a conjunct as a check: which value is the subject (`attr`, `actual`), which
/// is `expected`, and the operator that must hold between them.
enum CheckShape: Sendable {
    /// `subject op expected`.
    case comparison(CheckOperator, subject: any Node, expected: any Node)
    /// `subject has name` (or `not_has`): `actual` is whether the attribute is present.
    case has(CheckOperator, subject: any Node, attribute: String, path: String?)
    /// `subject is T`: `actual` is the subject's entity type.
    case isType(subject: any Node, type: String)
    /// Anything else: the whole expression must evaluate to `expected`.
    case expression(any Node, expected: Bool)
    /// A disjunction (`a || b`, or `!(a && b)` from an `unless`): it holds when any alternative
    /// does, so its explanation cites the alternatives that held, or, when none did, all of them.
    indirect case anyOf([Alternative])
}

/// One alternative of a disjunction: how to evaluate it and how to describe it.
struct Alternative: Sendable {
    var node: any Node
    var shape: CheckShape
    var text: String
}

/// One condition that must hold for a policy to apply. Policies are sequences of conjuncts,
/// evaluated in order and stopping at the first that is false — exactly Cedar's short-circuit
/// evaluation of `scope && when && !unless`.
///
/// A class, so that walking a policy's conjuncts on every request shares them instead of copying.
final class Conjunct: Sendable {
    /// Shared by identical conjuncts across the policy set, so each is evaluated once per request
    /// when explaining a denial; `-1` until the set assigns it.
    let id: Int
    let role: ConjunctRole
    /// Evaluates to a boolean; `unless` parts are already negated.
    let node: any Node
    let shape: CheckShape
    /// The check as canonical policy text.
    let text: String

    init(id: Int, role: ConjunctRole, node: any Node, shape: CheckShape, text: String) {
        self.id = id
        self.role = role
        self.node = node
        self.shape = shape
        self.text = text
    }

    /// The same conjunct with its set-wide id.
    func identified(_ id: Int) -> Conjunct {
        Conjunct(id: id, role: role, node: node, shape: shape, text: text)
    }

    /// The memoization key: identical text and role mean identical results.
    var key: String { "\(role):\(text)" }

    /// Every attribute path the conjunct reads (`principal.clearance`), for `has` dependencies.
    var readPaths: [String] { Conjunct.paths(in: node) }

    static func paths(in node: any Node) -> [String] {
        var found: [String] = []
        var stack: [any Node] = [node]
        while let next = stack.popLast() {
            if next is VariableAttributeNode || next is AttributeNode, let path = next.path { found.append(path) }
            stack.append(contentsOf: next.children)
        }
        return found
    }
}

extension Conjunct {
    /// Splits a condition into conjuncts: the top-level `&&` of a `when`, and by De Morgan the
    /// top-level `||` of an `unless` (`!(a || b)` is `!a && !b`, evaluated in the same order).
    static func split(_ condition: Condition) -> [Conjunct] {
        switch condition.kind {
        case .when: return flatten(condition.body, over: .and).map { make($0, negated: false) }
        case .unless: return flatten(condition.body, over: .or).map { make($0, negated: true) }
        }
    }

    static func flatten(_ expression: Expression, over op: BinaryOperator) -> [Expression] {
        if case .binary(op, let left, let right) = expression.kind {
            return flatten(left, over: op) + flatten(right, over: op)
        }
        return [expression]
    }

    static func make(_ expression: Expression, negated: Bool, role: ConjunctRole = .condition) -> Conjunct {
        let alternative = Conjunct.alternative(expression, negated: negated)
        return Conjunct(id: -1, role: role, node: alternative.node, shape: alternative.shape, text: alternative.text)
    }

    /// An expression, possibly negated, as something to evaluate and to describe.
    static func alternative(_ expression: Expression, negated: Bool) -> Alternative {
        let node = ExpressionCompiler.compile(expression)
        let shown = negated ? Expression(kind: .not(expression), span: expression.span) : expression
        return Alternative(
            node: negated ? NotNode(node, span: expression.span) : node, shape: shape(of: expression, negated: negated),
            text: Formatter.format(shown))
    }

    /// Reads the check's operator and operands off the expression, pushing negation inward
    /// where the vocabulary has the negated operator.
    static func shape(of expression: Expression, negated: Bool) -> CheckShape {
        func fallback() -> CheckShape { .expression(ExpressionCompiler.compile(expression), expected: !negated) }
        func operate(_ op: CheckOperator) -> CheckOperator? { negated ? op.negated : op }

        switch expression.kind {
        case .not(let inner):
            return shape(of: inner, negated: !negated)
        case .binary(.or, _, _) where !negated:
            return .anyOf(flatten(expression, over: .or).map { alternative($0, negated: false) })
        case .binary(.and, _, _) where negated:
            return .anyOf(flatten(expression, over: .and).map { alternative($0, negated: true) })
        case .binary(let binary, let left, let right):
            let op: CheckOperator
            switch binary {
            case .equal: op = .eq
            case .notEqual: op = .ne
            case .less: op = .lt
            case .lessEqual: op = .le
            case .greater: op = .gt
            case .greaterEqual: op = .ge
            case .in: op = .in
            default: return fallback()
            }
            guard let effective = operate(op) else { return fallback() }
            let leftNode = ExpressionCompiler.compile(left)
            let rightNode = ExpressionCompiler.compile(right)
            if leftNode.path == nil, rightNode.path != nil, let mirrored = effective.mirrored {
                return .comparison(mirrored, subject: rightNode, expected: leftNode)
            }
            return .comparison(effective, subject: leftNode, expected: rightNode)
        case .method(let receiver, .contains, let arguments):
            let set = ExpressionCompiler.compile(receiver)
            let element = ExpressionCompiler.compile(arguments[0])
            // `["a", "b"].contains(principal.role)` reads as `principal.role in ["a", "b"]`.
            if set.constant != nil, element.path != nil, let op = operate(.in) {
                return .comparison(op, subject: element, expected: set)
            }
            guard let op = operate(.contains) else { return fallback() }
            return .comparison(op, subject: set, expected: element)
        case .has(let operand, let name):
            let subject = ExpressionCompiler.compile(operand)
            return .has(
                negated ? .notHas : .has, subject: subject, attribute: name, path: subject.path.map { "\($0).\(name)" })
        case .like(let operand, let pattern) where !negated:
            let patternText = Value.string(String(Formatter.format(pattern).dropFirst().dropLast()))
            return .comparison(
                .like, subject: ExpressionCompiler.compile(operand), expected: LiteralNode(patternText, span: nil))
        case .is(let operand, let type, nil) where !negated:
            return .isType(subject: ExpressionCompiler.compile(operand), type: type)
        default:
            let node = ExpressionCompiler.compile(expression)
            if node.path != nil {
                return .comparison(.eq, subject: node, expected: LiteralNode(.bool(!negated), span: nil))
            }
            return fallback()
        }
    }
}
