/// A compiled expression: a tree of immutable nodes made once when the policy set loads, then
/// evaluated for every request.
protocol Node: AnyObject, Sendable {
    /// Where the expression came from, for error messages.
    var span: SourceSpan? { get }
    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value
    /// The constant this node always yields, if it depends on nothing in the request.
    var constant: Value? { get }
    /// `principal.tenant`-style paths for explanations, if this node reads one.
    var path: String? { get }
    /// The direct subexpressions, for analyses over the compiled tree.
    var children: [any Node] { get }
}

extension Node {
    var constant: Value? { nil }
    var path: String? { nil }
    var children: [any Node] { [] }

    /// The value, required to be a boolean (conditions, `&&`, `||`, `!`, `if`).
    @inline(__always)
    func evaluateBool(_ environment: Environment) throws(EvaluationError) -> Bool {
        let value = try evaluate(environment)
        guard case .bool(let flag) = value else { throw .typeError(expected: "Bool", got: value, span: span) }
        return flag
    }

    /// The value, required to be a `Long`.
    @inline(__always)
    func evaluateLong(_ environment: Environment) throws(EvaluationError) -> Int64 {
        let value = try evaluate(environment)
        guard case .long(let number) = value else { throw .typeError(expected: "Long", got: value, span: span) }
        return number
    }

    /// The value, required to be a set.
    @inline(__always)
    func evaluateSet(_ environment: Environment) throws(EvaluationError) -> Set<Value> {
        let value = try evaluate(environment)
        guard case .set(let elements) = value else { throw .typeError(expected: "Set", got: value, span: span) }
        return elements
    }
}

final class LiteralNode: Node {
    let span: SourceSpan?
    let value: Value

    init(_ value: Value, span: SourceSpan?) {
        self.value = value
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value { value }
    var constant: Value? { value }
}

final class VariableNode: Node {
    let span: SourceSpan?
    let variable: Variable

    let path: String?

    init(_ variable: Variable, span: SourceSpan?) {
        self.variable = variable
        self.span = span
        self.path = variable.rawValue
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        switch variable {
        case .principal: return .entity(environment.request.principal)
        case .action: return .entity(environment.request.action)
        case .resource: return .entity(environment.request.resource)
        case .context: return environment.context
        }
    }

}

/// `principal.a`, `action.a`, `resource.a`, `context.a`: the common case, read without going
/// through the entity store again.
final class VariableAttributeNode: Node {
    let span: SourceSpan?
    let variable: Variable
    let name: String
    /// `Record.hash(name)`, computed once at compile time.
    let nameHash: UInt32

    let path: String?

    init(_ variable: Variable, _ name: String, span: SourceSpan?) {
        self.variable = variable
        self.name = name
        self.nameHash = Record.hash(name)
        self.span = span
        self.path = "\(variable.rawValue).\(name)"
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let entity: Entity?
        switch variable {
        case .context:
            if case .record(let members) = environment.context, let value = members.value(for: name, hash: nameHash) {
                return value
            }
            throw missing(record: true)
        case .principal: entity = environment.principal
        case .resource: entity = environment.resource
        case .action: entity = environment.action
        }
        if let value = entity?.attributes.value(for: name, hash: nameHash) { return value }
        // The error path: only now is the entity's identity needed.
        let uid: EntityUID
        switch variable {
        case .principal: uid = environment.request.principal
        case .resource: uid = environment.request.resource
        default: uid = environment.request.action
        }
        guard entity != nil else {
            throw EvaluationError(
                code: .entityNotFound, message: "entity `\(uid)` does not exist", span: span, missingPath: path)
        }
        throw missing(record: false, uid: uid)
    }

    private func missing(record: Bool, uid: EntityUID? = nil) -> EvaluationError {
        let owner = uid.map { "`\($0)`" } ?? "`context`"
        return EvaluationError(
            code: .attributeMissing, message: "\(owner) does not have the attribute `\(name)`", span: span,
            missingPath: path)
    }

}

/// `e.a` or `e["a"]` on any record or entity.
final class AttributeNode: Node {
    var children: [any Node] { [operand] }
    let span: SourceSpan?
    let operand: any Node
    let name: String
    /// `Record.hash(name)`, computed once at compile time.
    let nameHash: UInt32

    let path: String?

    init(_ operand: any Node, _ name: String, span: SourceSpan?) {
        self.operand = operand
        self.name = name
        self.nameHash = Record.hash(name)
        self.span = span
        self.path = operand.path.map { "\($0).\(name)" }
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let value = try operand.evaluate(environment)
        switch value {
        case .record(let members):
            guard let member = members.value(for: name, hash: nameHash) else {
                throw EvaluationError(
                    code: .attributeMissing, message: "record does not have the attribute `\(name)`", span: span,
                    missingPath: path)
            }
            return member
        case .entity(let uid):
            guard let entity = environment.entities[uid] else {
                throw EvaluationError(
                    code: .entityNotFound, message: "entity `\(uid)` does not exist", span: span, missingPath: path)
            }
            guard let member = entity.attributes.value(for: name, hash: nameHash) else {
                throw EvaluationError(
                    code: .attributeMissing, message: "`\(uid)` does not have the attribute `\(name)`", span: span,
                    missingPath: path)
            }
            return member
        default:
            throw .typeError(expected: "a record or an entity", got: value, span: span)
        }
    }

}

/// `e has a`: false, not an error, for a missing attribute or an entity not in the store.
final class HasNode: Node {
    var children: [any Node] { [operand] }
    let span: SourceSpan?
    let operand: any Node
    let name: String
    /// `Record.hash(name)`, computed once at compile time.
    let nameHash: UInt32

    init(_ operand: any Node, _ name: String, span: SourceSpan?) {
        self.operand = operand
        self.name = name
        self.nameHash = Record.hash(name)
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        let value = try operand.evaluate(environment)
        switch value {
        case .record(let members): return .bool(members.contains(name, hash: nameHash))
        case .entity(let uid):
            return .bool(environment.entities[uid]?.attributes.contains(name, hash: nameHash) == true)
        default: throw .typeError(expected: "a record or an entity", got: value, span: span)
        }
    }
}

/// `principal has a` (and `resource`, `action`): reads the request's own entity, looked up once.
final class VariableHasNode: Node {
    let span: SourceSpan?
    let variable: Variable
    let name: String
    /// `Record.hash(name)`, computed once at compile time.
    let nameHash: UInt32

    init(_ variable: Variable, _ name: String, span: SourceSpan?) {
        self.variable = variable
        self.name = name
        self.nameHash = Record.hash(name)
        self.span = span
    }

    func evaluate(_ environment: Environment) throws(EvaluationError) -> Value {
        switch variable {
        case .principal: return .bool(environment.principal?.attributes.contains(name, hash: nameHash) == true)
        case .resource: return .bool(environment.resource?.attributes.contains(name, hash: nameHash) == true)
        case .action: return .bool(environment.action?.attributes.contains(name, hash: nameHash) == true)
        case .context:
            guard case .record(let members) = environment.context else { return .bool(false) }
            return .bool(members.contains(name, hash: nameHash))
        }
    }
}
