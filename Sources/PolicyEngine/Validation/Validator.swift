/// Checks policies against a ``Schema``, as Cedar's validator does in strict mode (simplified):
/// the scope must name declared entity types and actions and match some request the schema
/// allows, and every condition must typecheck in each request environment the scope matches.
///
/// It is conservative: where it cannot infer a type it checks nothing, so a valid policy yields
/// no error. `TypeChecker` lists the rules for conditions.
public enum Validator {
    /// Validates every policy of a set.
    /// - Parameters:
    ///   - policySet: the policies.
    ///   - schema: the schema they must fit.
    /// - Returns: the errors in source order, each with the span of the offending scope or
    ///   sub-expression; empty when every policy is valid. Codes: `policy.unknown_entity_type`,
    ///   `policy.unknown_action`, `policy.impossible_scope`, `policy.unknown_attribute`,
    ///   `policy.unsafe_optional_attribute`, `policy.type_mismatch`, `policy.impossible_comparison`.
    public static func validate(_ policySet: PolicySet, against schema: Schema) -> [PolicyError] {
        validate(policySet.policies, against: schema)
    }

    /// Validates policies in the given order, as the `PolicySet` form does.
    /// - Parameters:
    ///   - policies: parsed policies, usually in source order.
    ///   - schema: the schema they must fit.
    /// - Returns: the errors, policy by policy, each policy's in source order.
    public static func validate(_ policies: [Policy], against schema: Schema) -> [PolicyError] {
        policies.flatMap { validate($0, against: schema) }
    }

    /// One policy's errors, in source order, each distinct (code, span, message) once.
    static func validate(_ policy: Policy, against schema: Schema) -> [PolicyError] {
        var scopeErrors: [PolicyError] = []
        let environments = self.environments(for: policy, in: schema, errors: &scopeErrors)
        if environments.isEmpty && scopeErrors.isEmpty {
            scopeErrors.append(
                PolicyError(
                    .impossibleScope, "no principal, action and resource the schema allows match this scope",
                    at: policy.span))
        }
        var errors = scopeErrors
        var impossibleComparisons: [PolicyError] = []
        var possibleComparisons: Set<SourceSpan> = []
        for environment in environments {
            var checker = TypeChecker(schema: schema, environment: environment)
            checker.check(policy.conditions)
            errors += checker.errors
            impossibleComparisons += checker.impossibleComparisons
            possibleComparisons.formUnion(checker.possibleComparisons)
        }
        // A comparison is reported only when it can hold in no environment (`principal == User::"a"`
        // is fine in a policy whose principal may be a `User` or a `Service`), and once.
        var reported: Set<SourceSpan> = []
        errors += impossibleComparisons.filter {
            !possibleComparisons.contains($0.span!) && reported.insert($0.span!).inserted
        }
        return unique(errors).enumerated()
            .sorted {
                ($0.element.span?.start.offset ?? 0, $0.offset) < ($1.element.span?.start.offset ?? 0, $1.offset)
            }
            .map(\.element)
    }

    /// The errors without repeats (`PolicyError` equality compares codes only).
    static func unique(_ errors: [PolicyError]) -> [PolicyError] {
        struct Key: Hashable {
            var code: String
            var span: SourceSpan?
            var message: String
        }
        var seen: Set<Key> = []
        return errors.filter { seen.insert(Key(code: $0.code.rawValue, span: $0.span, message: $0.message)).inserted }
    }

    // MARK: - Scope

    /// The request environments that the schema allows and the policy's scope matches, in a fixed order.
    static func environments(
        for policy: Policy, in schema: Schema, errors: inout [PolicyError]
    ) -> [RequestEnvironment] {
        let principals = entityTypes(
            matching: policy.principal, .principal, in: schema, at: policy.span, errors: &errors)
        let actions = self.actions(matching: policy.action, in: schema, at: policy.span, errors: &errors)
        let resources = entityTypes(matching: policy.resource, .resource, in: schema, at: policy.span, errors: &errors)
        var environments: [RequestEnvironment] = []
        for uid in actions.sorted(by: { $0.description < $1.description }) {
            let action = schema.actions[uid]!  // INVARIANT: `actions(matching:)` returns declared actions.
            for principal in action.principalTypes.intersection(principals).sorted() {
                for resource in action.resourceTypes.intersection(resources).sorted() {
                    environments.append(
                        RequestEnvironment(
                            principalType: principal, action: uid, resourceType: resource, context: action.context))
                }
            }
        }
        return environments
    }

    /// The declared entity types a principal or resource scope matches.
    static func entityTypes(
        matching constraint: ScopeConstraint, _ variable: Variable, in schema: Schema, at span: SourceSpan,
        errors: inout [PolicyError]
    ) -> Set<String> {
        func declared(_ type: String) -> Bool {
            if schema.entityTypes[type] != nil { return true }
            errors.append(
                PolicyError(
                    .unknownEntityType,
                    "the \(variable.rawValue) scope names entity type `\(type)`, which the schema does not declare",
                    at: span))
            return false
        }
        switch constraint {
        case .any:
            return Set(schema.entityTypes.keys)
        case .equals(let entity):
            return declared(entity.type) ? [entity.type] : []
        case .in(let entity):
            return declared(entity.type) ? schema.typesReaching(entity.type) : []
        case .is(let type):
            return declared(type) ? [type] : []
        case .isIn(let type, let entity):
            let known = declared(type)
            guard declared(entity.type), known else { return [] }
            return schema.typesReaching(entity.type).contains(type) ? [type] : []
        }
    }

    /// The declared actions an action scope matches.
    static func actions(
        matching constraint: ActionConstraint, in schema: Schema, at span: SourceSpan, errors: inout [PolicyError]
    ) -> Set<EntityUID> {
        func declared(_ uid: EntityUID) -> Bool {
            if schema.actions[uid] != nil { return true }
            errors.append(
                PolicyError(
                    .unknownAction, "the action scope names `\(uid)`, which the schema does not declare", at: span))
            return false
        }
        switch constraint {
        case .any:
            return Set(schema.actions.keys)
        case .equals(let uid):
            return declared(uid) ? [uid] : []
        case .in(let group):
            return declared(group) ? schema.actionsReaching(group) : []
        case .inSet(let groups):
            return groups.filter(declared).reduce(into: []) { $0.formUnion(schema.actionsReaching($1)) }
        }
    }
}

/// One kind of request a policy may see: the principal's and resource's types, the action, and
/// the action's context record.
struct RequestEnvironment: Sendable {
    var principalType: String
    var action: EntityUID
    var resourceType: String
    var context: [String: SchemaType.Attribute]
}
