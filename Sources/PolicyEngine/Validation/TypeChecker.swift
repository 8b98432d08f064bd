/// Typechecks a policy's conditions in one request environment.
///
/// Rules: conditions, `&&`, `||`, `!` and `if` conditions need booleans; `< <= > >= + - *` and
/// unary `-` need `Long`; `like` needs a `String`; set methods need sets; `in` needs an entity on
/// the left and an entity or a set of entities on the right; `has` and attribute access need an
/// entity or a record, and the attribute must be declared (and guarded by `has` when optional);
/// `==` and `!=` must compare types that can be equal. Nothing is checked on `.unknown`, and code
/// that cannot run in this environment (after a `false &&`, in a dead `if` branch) is skipped.
struct TypeChecker {
    /// An expression's type, and the facts that hold when it evaluates to `true`.
    struct Typed {
        var type: SchemaType
        var capabilities = Capabilities()
    }

    let schema: Schema
    let environment: RequestEnvironment
    private(set) var errors: [PolicyError] = []
    /// `==` and `!=` that can never hold here, and the spans of those that can: the validator
    /// reports a comparison only when no environment finds it possible.
    private(set) var impossibleComparisons: [PolicyError] = []
    private(set) var possibleComparisons: Set<SourceSpan> = []

    init(schema: Schema, environment: RequestEnvironment) {
        self.schema = schema
        self.environment = environment
    }

    /// Checks `when` and `unless` clauses in order; a `when` clause's facts guard the clauses after it.
    mutating func check(_ conditions: [Condition]) {
        var capabilities = Capabilities()
        for condition in conditions {
            let typed = typeOf(condition.body, capabilities)
            _ = require(
                typed.type, .bool, "a `\(condition.kind.rawValue)` condition must be a boolean", at: condition.body.span
            )
            if let value = typed.type.knownBool, value == (condition.kind == .unless) {
                return  // the policy never applies here, so the later clauses never run
            }
            if condition.kind == .when { capabilities = capabilities.union(typed.capabilities) }
        }
    }

    mutating func typeOf(_ expression: Expression, _ capabilities: Capabilities) -> Typed {
        let span = expression.span
        switch expression.kind {
        case .bool(let value): return Typed(type: .bool(value))
        case .long: return Typed(type: .long)
        case .string: return Typed(type: .string)
        case .entity(let uid): return Typed(type: type(of: uid, at: span))
        case .variable(let variable): return Typed(type: type(of: variable))
        case .not(let operand):
            let type = require(typeOf(operand, capabilities).type, .bool, "`!` needs a boolean", at: operand.span)
            return Typed(type: .bool(type.knownBool.map(!)))
        case .negate(let operand):
            _ = require(typeOf(operand, capabilities).type, .long, "unary `-` needs a `Long`", at: operand.span)
            return Typed(type: .long)
        case .binary(let op, let left, let right):
            return binary(op, left, right, span: span, capabilities)
        case .ifThenElse(let condition, let then, let otherwise):
            let test = typeOf(condition, capabilities)
            let known = require(test.type, .bool, "an `if` condition must be a boolean", at: condition.span).knownBool
            if known == true { return typeOf(then, capabilities.union(test.capabilities)) }
            if known == false { return typeOf(otherwise, capabilities) }
            let thenType = typeOf(then, capabilities.union(test.capabilities)).type
            return Typed(type: thenType.join(typeOf(otherwise, capabilities).type))
        case .has(let operand, let name):
            return Typed(type: has(operand, name, capabilities), capabilities: .has(operand, name))
        case .like(let operand, _):
            _ = require(typeOf(operand, capabilities).type, .string, "`like` needs a `String`", at: operand.span)
            return Typed(type: .anyBool)
        case .is(let operand, let typeName, let container):
            return Typed(type: isType(operand, typeName, container, span: span, capabilities))
        case .attribute(let receiver, let name):
            return Typed(type: attribute(receiver, name, span: span, capabilities))
        case .method(let receiver, let method, let arguments):
            let requirement = "`.\(method.rawValue)` needs a set"
            _ = require(typeOf(receiver, capabilities).type, .set, requirement, at: receiver.span)
            for argument in arguments {
                let type = typeOf(argument, capabilities).type
                if method == .containsAll || method == .containsAny {
                    _ = require(type, .set, "\(requirement) argument", at: argument.span)
                }
            }
            return Typed(type: .anyBool)
        case .set(let elements):
            let types = elements.map { typeOf($0, capabilities).type }
            return Typed(type: .set(types.dropFirst().reduce(types.first ?? .unknown) { $0.join($1) }))
        case .record(let entries):
            var attributes: [String: SchemaType.Attribute] = [:]
            for entry in entries {
                attributes[entry.key] = SchemaType.Attribute(
                    type: typeOf(entry.value, capabilities).type, isRequired: true)
            }
            return Typed(type: .record(attributes))
        }
    }

    // MARK: - Operators

    mutating func binary(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, span: SourceSpan, _ capabilities: Capabilities
    ) -> Typed {
        switch op {
        case .and, .or:
            let requirement = "`\(op.rawValue)` needs boolean operands"
            let lhs = typeOf(left, capabilities)
            let leftValue = require(lhs.type, .bool, requirement, at: left.span).knownBool
            let shortCircuit = op == .or  // `true || …` and `false && …` never evaluate their right side
            if leftValue == shortCircuit { return Typed(type: .bool(shortCircuit)) }
            let rhs = typeOf(right, op == .and ? capabilities.union(lhs.capabilities) : capabilities)
            let rightValue = require(rhs.type, .bool, requirement, at: right.span).knownBool
            if rightValue == shortCircuit { return Typed(type: .bool(shortCircuit)) }
            let value = leftValue == !shortCircuit && rightValue == !shortCircuit ? !shortCircuit : nil
            return Typed(
                type: .bool(value), capabilities: op == .and ? lhs.capabilities.union(rhs.capabilities) : Capabilities()
            )
        case .equal, .notEqual:
            let lhs = typeOf(left, capabilities).type
            let rhs = typeOf(right, capabilities).type
            guard lhs.mayEqual(rhs) else {
                impossibleComparisons.append(
                    PolicyError(
                        .impossibleComparison,
                        "`\(op.rawValue)` compares `\(lhs)` with `\(rhs)`, which are never equal",
                        at: span))
                return Typed(type: .bool(op == .notEqual))
            }
            possibleComparisons.insert(span)
            return Typed(type: .anyBool)
        case .less, .lessEqual, .greater, .greaterEqual, .add, .subtract, .multiply:
            let requirement = "`\(op.rawValue)` needs `Long` operands"
            _ = require(typeOf(left, capabilities).type, .long, requirement, at: left.span)
            _ = require(typeOf(right, capabilities).type, .long, requirement, at: right.span)
            return Typed(type: [.add, .subtract, .multiply].contains(op) ? .long : .anyBool)
        case .in:
            let lhs = require(
                typeOf(left, capabilities).type, .entity, "`in` needs an entity on the left", at: left.span)
            let ancestors = containerTypes(right, capabilities)
            if case .entity(let types) = lhs, let ancestors, !mayBeIn(types, ancestors) {
                return Typed(type: .bool(false))
            }
            return Typed(type: .anyBool)
        }
    }

    /// `e is T` and `e is T in c`: `false` when `e` cannot be a `T` (or cannot be in `c`).
    mutating func isType(
        _ operand: Expression, _ typeName: String, _ container: Expression?, span: SourceSpan,
        _ capabilities: Capabilities
    ) -> SchemaType {
        let type = require(typeOf(operand, capabilities).type, .entity, "`is` needs an entity", at: operand.span)
        let ancestors = container.flatMap { containerTypes($0, capabilities) }
        guard schema.entityTypes[typeName] != nil || schema.actions.keys.contains(where: { $0.type == typeName }) else {
            report(.unknownEntityType, "the schema declares no entity type `\(typeName)`", at: span)
            return .anyBool
        }
        guard case .entity(let types) = type else { return .anyBool }
        if !types.contains(typeName) { return .bool(false) }
        if let ancestors, !mayBeIn([typeName], ancestors) { return .bool(false) }
        return types == [typeName] && container == nil ? .bool(true) : .anyBool
    }

    /// The entity types on the right of `in`: an entity or a set of entities; `nil` when unknown.
    mutating func containerTypes(_ expression: Expression, _ capabilities: Capabilities) -> Set<String>? {
        switch typeOf(expression, capabilities).type {
        case .entity(let types), .set(.entity(let types)): return types
        case .unknown, .set(.unknown): return nil
        case let type:
            report(
                .typeMismatch, "`in` needs an entity or a set of entities on the right, found `\(type)`",
                at: expression.span)
            return nil
        }
    }

    /// Whether an entity of one of `types` may be in an entity of one of `ancestors` (or be it).
    /// Actions are not tracked by id here, so an action may always be in another.
    func mayBeIn(_ types: Set<String>, _ ancestors: Set<String>) -> Bool {
        types.contains { Schema.isActionType($0) || !schema.typesReachable(from: $0).isDisjoint(with: ancestors) }
    }

    // MARK: - Attributes

    /// `e has a`: `false` when no type `e` may have declares `a`.
    mutating func has(_ operand: Expression, _ name: String, _ capabilities: Capabilities) -> SchemaType {
        switch typeOf(operand, capabilities).type {
        case .unknown: return .anyBool
        case .entity(let types):
            let declared = types.contains { schema.entityTypes[$0]?.attributes[name] != nil }
            return declared ? .anyBool : .bool(false)
        case .record(let attributes):
            return attributes[name] == nil ? .bool(false) : .anyBool
        case let type:
            report(.typeMismatch, "`has` needs an entity or a record, found `\(type)`", at: operand.span)
            return .anyBool
        }
    }

    /// `e.a` or `e["a"]`: the attribute must be declared for every type `e` may have, and guarded
    /// by `has` when optional.
    mutating func attribute(
        _ receiver: Expression, _ name: String, span: SourceSpan, _ capabilities: Capabilities
    ) -> SchemaType {
        let owners: [(name: String, attributes: [String: SchemaType.Attribute]?)]
        switch typeOf(receiver, capabilities).type {
        case .unknown:
            return .unknown
        case .entity(let types):
            owners = types.sorted().map { ($0, schema.entityTypes[$0]?.attributes) }
        case .record(let attributes):
            owners = [(Formatter.format(receiver), attributes)]
        case let type:
            report(.typeMismatch, "attribute `\(name)` needs an entity or a record, found `\(type)`", at: receiver.span)
            return .unknown
        }
        var result: SchemaType?
        for owner in owners {
            guard let attributes = owner.attributes else {
                report(
                    .unknownAttribute, "`\(owner.name)` has no attribute `\(name)`; actions have no attributes",
                    at: span)
                return .unknown
            }
            guard let attribute = attributes[name] else {
                let known = attributes.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
                let listing = known.isEmpty ? "it has no attributes" : "its attributes are \(known)"
                report(.unknownAttribute, "`\(owner.name)` has no attribute `\(name)`; \(listing)", at: span)
                return .unknown
            }
            if !attribute.isRequired && !capabilities.guards(receiver, name) {
                let test = Formatter.format(Expression(kind: .has(receiver, name), span: span))
                report(
                    .unsafeOptionalAttribute,
                    "attribute `\(name)` of `\(owner.name)` is optional; test `\(test)` before reading it", at: span)
            }
            result = result.map { $0.join(attribute.type) } ?? attribute.type
        }
        return result ?? .unknown
    }

    // MARK: - Names

    /// An entity literal's type: it must name a declared entity type or action.
    mutating func type(of uid: EntityUID, at span: SourceSpan) -> SchemaType {
        if schema.entityTypes[uid.type] != nil { return .entity([uid.type]) }
        if Schema.isActionType(uid.type) {
            if schema.actions[uid] != nil { return .entity([uid.type]) }
            report(.unknownAction, "the schema declares no action `\(uid)`", at: span)
        } else {
            report(.unknownEntityType, "the schema declares no entity type `\(uid.type)`", at: span)
        }
        return .unknown
    }

    func type(of variable: Variable) -> SchemaType {
        switch variable {
        case .principal: return .entity([environment.principalType])
        case .action: return .entity([environment.action.type])
        case .resource: return .entity([environment.resourceType])
        case .context: return .record(environment.context)
        }
    }

    // MARK: - Reporting

    /// `type` when it fits `kind`; otherwise reports a mismatch and gives `.unknown`, so one
    /// mistake is reported once.
    mutating func require(
        _ type: SchemaType, _ kind: SchemaType.Kind, _ requirement: String, at span: SourceSpan
    ) -> SchemaType {
        if type.fits(kind) { return type }
        report(.typeMismatch, "\(requirement), found `\(type)`", at: span)
        return .unknown
    }

    mutating func report(_ code: PolicyError.Code, _ message: String, at span: SourceSpan) {
        errors.append(PolicyError(code, message, at: span))
    }
}
