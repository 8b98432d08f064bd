/// `a && b`: `b` is evaluated only when `a` is true, so an error in `b` is then never raised.
final class AndNode: Node {
    var children: [any Node] { [left, right] }
    let span: SourceSpan?
    let left: any Node
    let right: any Node

    init(_ left: any Node, _ right: any Node, span: SourceSpan?) {
        self.left = left
        self.right = right
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        guard try left.evaluateBool(environment) else { return .bool(false) }
        return .bool(try right.evaluateBool(environment))
    }
}

/// `a || b`: `b` is evaluated only when `a` is false.
final class OrNode: Node {
    var children: [any Node] { [left, right] }
    let span: SourceSpan?
    let left: any Node
    let right: any Node

    init(_ left: any Node, _ right: any Node, span: SourceSpan?) {
        self.left = left
        self.right = right
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        if try left.evaluateBool(environment) { return .bool(true) }
        return .bool(try right.evaluateBool(environment))
    }
}

final class NotNode: Node {
    var children: [any Node] { [operand] }
    let span: SourceSpan?
    let operand: any Node

    init(_ operand: any Node, span: SourceSpan?) {
        self.operand = operand
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        .bool(!(try operand.evaluateBool(environment)))
    }
}

final class NegateNode: Node {
    var children: [any Node] { [operand] }
    let span: SourceSpan?
    let operand: any Node

    init(_ operand: any Node, span: SourceSpan?) {
        self.operand = operand
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let value = try operand.evaluateLong(environment)
        let (result, overflow) = Int64(0).subtractingReportingOverflow(value)
        guard !overflow else {
            throw EvaluationError(code: .overflow, message: "overflow negating `\(value)`", span: span)
        }
        return .long(result)
    }
}

final class IfNode: Node {
    var children: [any Node] { [condition, then, otherwise] }
    let span: SourceSpan?
    let condition: any Node
    let then: any Node
    let otherwise: any Node

    init(_ condition: any Node, _ then: any Node, _ otherwise: any Node, span: SourceSpan?) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        try condition.evaluateBool(environment) ? then.evaluate(environment) : otherwise.evaluate(environment)
    }
}

/// `==` and `!=`: defined on every pair of values; different types are unequal, never an error.
final class EqualNode: Node {
    var children: [any Node] { [left, right] }
    let span: SourceSpan?
    let left: any Node
    let right: any Node
    let isNegated: Bool

    init(_ left: any Node, _ right: any Node, isNegated: Bool, span: SourceSpan?) {
        self.left = left
        self.right = right
        self.isNegated = isNegated
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let equal = try left.evaluate(environment) == right.evaluate(environment)
        return .bool(equal != isNegated)
    }
}

/// `< <= > >=` on `Long`s.
final class CompareNode: Node {
    var children: [any Node] { [left, right] }
    let span: SourceSpan?
    let op: BinaryOperator
    let left: any Node
    let right: any Node

    init(_ op: BinaryOperator, _ left: any Node, _ right: any Node, span: SourceSpan?) {
        self.op = op
        self.left = left
        self.right = right
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let a = try left.evaluateLong(environment)
        let b = try right.evaluateLong(environment)
        switch op {
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        default: return .bool(a >= b)
        }
    }
}

/// `+ - *` on `Long`s; overflow is an error, as in Cedar.
final class ArithmeticNode: Node {
    var children: [any Node] { [left, right] }
    let span: SourceSpan?
    let op: BinaryOperator
    let left: any Node
    let right: any Node

    init(_ op: BinaryOperator, _ left: any Node, _ right: any Node, span: SourceSpan?) {
        self.op = op
        self.left = left
        self.right = right
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let a = try left.evaluateLong(environment)
        let b = try right.evaluateLong(environment)
        let (result, overflow): (Int64, Bool)
        switch op {
        case .add: (result, overflow) = a.addingReportingOverflow(b)
        case .subtract: (result, overflow) = a.subtractingReportingOverflow(b)
        default: (result, overflow) = a.multipliedReportingOverflow(by: b)
        }
        guard !overflow else {
            throw EvaluationError(code: .overflow, message: "overflow computing `\(a) \(op.rawValue) \(b)`", span: span)
        }
        return .long(result)
    }
}

/// `a in b`: `a` an entity; `b` an entity (descendant-or-self) or a set of entities (any of them).
final class InNode: Node {
    var children: [any Node] { [left, right] }
    let span: SourceSpan?
    let left: any Node
    let right: any Node

    init(_ left: any Node, _ right: any Node, span: SourceSpan?) {
        self.left = left
        self.right = right
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let value = try left.evaluate(environment)
        guard case .entity(let uid) = value else {
            throw .typeError(expected: "an entity", got: value, span: left.span)
        }
        return .bool(
            try InNode.isMember(uid, of: right.evaluate(environment), environment: environment, span: right.span))
    }

    /// Whether `uid` is `container` or its descendant, or a descendant of any entity in a set.
    static func isMember(
        _ uid: EntityUID, of container: Value, environment: Environment, span: SourceSpan?
    ) throws(EvaluationError) -> Bool {
        switch container {
        case .entity(let ancestor):
            return environment.entities.isDescendant(uid, of: ancestor)
        case .set(let elements):
            var found = false
            for element in elements {
                guard case .entity(let ancestor) = element else {
                    throw .typeError(expected: "a set of entities", got: element, span: span)
                }
                if !found && environment.entities.isDescendant(uid, of: ancestor) { found = true }
            }
            return found
        default:
            throw .typeError(expected: "an entity or a set of entities", got: container, span: span)
        }
    }
}

/// `e is T` and `e is T in c` (the `in` part is evaluated only when the type matches).
final class IsNode: Node {
    var children: [any Node] { [operand] + (container.map { [$0] } ?? []) }
    let span: SourceSpan?
    let operand: any Node
    let type: String
    let container: (any Node)?

    init(_ operand: any Node, type: String, container: (any Node)?, span: SourceSpan?) {
        self.operand = operand
        self.type = type
        self.container = container
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let value = try operand.evaluate(environment)
        guard case .entity(let uid) = value else {
            throw .typeError(expected: "an entity", got: value, span: operand.span)
        }
        guard exactlyEqual(uid.type, type) else { return .bool(false) }
        guard let container else { return .bool(true) }
        return .bool(
            try InNode.isMember(
                uid, of: container.evaluate(environment), environment: environment, span: container.span))
    }
}

/// `s like "pat*tern"`.
final class LikeNode: Node {
    var children: [any Node] { [operand] }
    let span: SourceSpan?
    let operand: any Node
    let pattern: Pattern

    init(_ operand: any Node, _ pattern: Pattern, span: SourceSpan?) {
        self.operand = operand
        self.pattern = pattern
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let value = try operand.evaluate(environment)
        guard case .string(let text) = value else { throw .typeError(expected: "String", got: value, span: span) }
        return .bool(pattern.matches(text))
    }
}

extension Pattern {
    /// Glob matching over Unicode scalars, `*` matching any run (including none). Linear-time
    /// two-pointer matching with one backtrack point, so no pattern can make it exponential.
    func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var t = 0
        var p = 0
        var starP = -1
        var starT = 0
        while t < scalars.count {
            if p < elements.count, case .literal(let scalar) = elements[p], scalar == scalars[t] {
                t += 1
                p += 1
            } else if p < elements.count, elements[p] == .wildcard {
                starP = p
                starT = t
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < elements.count, elements[p] == .wildcard { p += 1 }
        return p == elements.count
    }
}
