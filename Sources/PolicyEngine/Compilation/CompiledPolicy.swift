/// A policy ready to evaluate: its scope and conditions as one ordered list of conjuncts, and
/// what the index and the explanations need to know about it. Immutable after compilation.
final class CompiledPolicy: Sendable {
    /// The policy's position in the set; decisions list policies in this order.
    let index: Int
    let policy: Policy
    let effect: Effect
    /// Every conjunct, in Cedar's evaluation order; ids shared across the set.
    let conjuncts: [Conjunct]
    /// The conjuncts an explanation counts and cites: entity scope and conditions.
    let explained: [Conjunct]
    /// For each explained conjunct, the position of an earlier `has` test of an attribute it reads.
    let explainedDependencies: [Int?]
    /// `principal.tenant == "t07"` as the first condition, if any.
    let guardCondition: GuardCondition?
    /// The entity types the scope requires (`is T`, or the type of `== T::"id"`).
    let principalType: String?
    let resourceType: String?
    /// What a violation of this policy says.
    let code: String
    let reason: String
    let appeal: String?

    /// The result of evaluating a policy against one request.
    enum Outcome {
        case satisfied
        case notSatisfied
        case failed(EvaluationError)
    }

    /// Compiles a policy, giving each conjunct the id of identical conjuncts seen before.
    init(policy: Policy, index: Int, conjunctIDs: inout [String: Int], guardPaths: inout [String: Int]) {
        self.index = index
        self.policy = policy
        self.effect = policy.effect
        var drafts = CompiledPolicy.scopeConjuncts(policy)
        for condition in policy.conditions { drafts += Conjunct.split(condition) }
        let conjuncts = drafts.map { draft in
            let key = draft.key
            if let id = conjunctIDs[key] { return draft.identified(id) }
            conjunctIDs[key] = conjunctIDs.count
            return draft.identified(conjunctIDs.count - 1)
        }
        self.conjuncts = conjuncts
        self.explained = conjuncts.filter { $0.role == .entityScope || $0.role == .condition }
        self.explainedDependencies = CompiledPolicy.dependencies(of: explained)
        self.guardCondition = GuardCondition(conjuncts, paths: &guardPaths)
        self.principalType = CompiledPolicy.requiredType(policy.principal)
        self.resourceType = CompiledPolicy.requiredType(policy.resource)
        let isForbid = policy.effect == .forbid
        self.code = policy.annotation("code") ?? (isForbid ? "policy.forbidden" : "policy.not_permitted")
        self.reason =
            policy.annotation("reason")
            ?? (isForbid
                ? "denied by policy `\(policy.id)`"
                : "policy `\(policy.id)` would permit this request if its failed checks held")
        self.appeal = policy.annotation("appeal")
    }

    /// Evaluates the conjuncts in order, stopping at the first false one (Cedar's semantics).
    /// - Parameters:
    ///   - actionMatched: the index already established that the action scope holds.
    ///   - guardHolds: the index already established that the guard holds.
    func evaluate(_ environment: Environment, actionMatched: Bool, guardHolds: Bool = false) -> Outcome {
        guard typesMatch(environment) else { return .notSatisfied }
        let skipped = guardHolds ? guardCondition?.conjunctID ?? -1 : -1
        do {
            for conjunct in conjuncts where conjunct.id != skipped {
                switch conjunct.role {
                case .typeScope: continue  // checked above
                case .actionScope where actionMatched: continue
                default: if try !conjunct.node.evaluateBool(environment) { return .notSatisfied }
                }
            }
            return .satisfied
        } catch {
            return .failed(error)
        }
    }

    /// Whether the request's principal and resource have the types the scope requires.
    @inline(__always)
    func typesMatch(_ environment: Environment) -> Bool {
        if let principalType, !exactlyEqual(environment.request.principal.type, principalType) { return false }
        if let resourceType, !exactlyEqual(environment.request.resource.type, resourceType) { return false }
        return true
    }

    /// Whether the action part of the scope holds.
    func actionMatches(_ environment: Environment) -> Bool {
        for conjunct in conjuncts where conjunct.role == .actionScope {
            // INVARIANT: scope conjuncts compare the request's own uids with literals and never fail.
            guard (try? conjunct.node.evaluateBool(environment)) == true else { return false }
        }
        return true
    }

    /// For each conjunct, the position of the first earlier conjunct that is a positive `has` test
    /// (`x has a`) of an attribute the conjunct reads (`x.a…`).
    static func dependencies(of conjuncts: [Conjunct]) -> [Int?] {
        var tested: [(path: String, position: Int)] = []
        return conjuncts.enumerated().map { position, conjunct in
            let reads = conjunct.readPaths
            let dependency = tested.first { test in reads.contains { $0 == test.path || $0.hasPrefix(test.path + ".") }
            }
            if case .has(.has, _, _, let path?) = conjunct.shape { tested.append((path, position)) }
            return dependency?.position
        }
    }

    static func requiredType(_ scope: ScopeConstraint) -> String? {
        switch scope {
        case .any, .in: return nil
        case .equals(let uid): return uid.type
        case .is(let type), .isIn(let type, _): return type
        }
    }

    /// The scope as conjuncts: the action first, then types (never failing), then the entity constraints.
    static func scopeConjuncts(_ policy: Policy) -> [Conjunct] {
        let span = policy.span
        func expression(_ kind: Expression.Kind) -> Expression { Expression(kind: kind, span: span) }
        func make(_ kind: Expression.Kind, _ role: ConjunctRole) -> Conjunct {
            .make(expression(kind), negated: false, role: role)
        }
        var result: [Conjunct] = []
        let action = expression(.variable(.action))
        switch policy.action {
        case .any: break
        case .equals(let uid): result.append(make(.binary(.equal, action, expression(.entity(uid))), .actionScope))
        case .in(let uid): result.append(make(.binary(.in, action, expression(.entity(uid))), .actionScope))
        case .inSet(let uids):
            let set = expression(.set(uids.map { expression(.entity($0)) }))
            result.append(make(.binary(.in, action, set), .actionScope))
        }
        for (variable, scope) in [(Variable.principal, policy.principal), (.resource, policy.resource)] {
            let subject = expression(.variable(variable))
            switch scope {
            case .any:
                break
            case .equals(let uid):
                result.append(make(.is(subject, uid.type, nil), .typeScope))
                result.append(make(.binary(.equal, subject, expression(.entity(uid))), .entityScope))
            case .in(let uid):
                result.append(make(.binary(.in, subject, expression(.entity(uid))), .entityScope))
            case .is(let type):
                result.append(make(.is(subject, type, nil), .typeScope))
            case .isIn(let type, let uid):
                result.append(make(.is(subject, type, nil), .typeScope))
                result.append(make(.binary(.in, subject, expression(.entity(uid))), .entityScope))
            }
        }
        return result
    }
}

/// An equality between a request attribute and a constant, checked first among a policy's
/// conditions: `principal.tenant == "t07"`.
struct GuardCondition: Sendable {
    /// Which attribute is read: an index into the set's guard readers, shared by every policy
    /// guarded on the same attribute.
    let path: Int
    let attribute: VariableAttributeNode
    let value: Value
    /// The guard's conjunct id.
    let conjunctID: Int

    /// The guard of a conjunct list, if its first condition is `var.attr == constant` (either way
    /// round). Only scope conjuncts, which never fail, may come before it, so skipping a policy
    /// whose guard does not match can never hide an evaluation error Cedar would report.
    init?(_ conjuncts: [Conjunct], paths: inout [String: Int]) {
        guard let position = conjuncts.firstIndex(where: { $0.role == .condition }),
            let equal = conjuncts[position].node as? EqualNode, !equal.isNegated
        else { return nil }
        if let attribute = equal.left as? VariableAttributeNode, let value = equal.right.constant {
            self.attribute = attribute
            self.value = value
        } else if let attribute = equal.right as? VariableAttributeNode, let value = equal.left.constant {
            self.attribute = attribute
            self.value = value
        } else {
            return nil
        }
        let name = attribute.path ?? ""
        if let known = paths[name] {
            self.path = known
        } else {
            self.path = paths.count
            paths[name] = paths.count
        }
        self.conjunctID = conjuncts[position].id
    }
}
