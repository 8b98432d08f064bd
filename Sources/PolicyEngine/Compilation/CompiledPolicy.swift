/// A policy ready to evaluate: its scope and conditions as one ordered list of conjuncts, and
/// what the index needs to know about it.
struct CompiledPolicy: Sendable {
    /// The policy's position in the set; decisions list policies in this order.
    let index: Int
    let policy: Policy
    var conjuncts: [Conjunct]
    /// `principal.tenant == "t07"` as the first condition: lets the index skip the policy for
    /// requests whose `principal.tenant` is anything else.
    let guardCondition: GuardCondition?

    /// The result of evaluating a policy against one request.
    enum Outcome {
        case satisfied
        case notSatisfied
        case failed(EvaluationError)
    }

    init(policy: Policy, index: Int) {
        self.index = index
        self.policy = policy
        var conjuncts = CompiledPolicy.scopeConjuncts(policy)
        for condition in policy.conditions { conjuncts += Conjunct.split(condition) }
        self.conjuncts = conjuncts
        guardCondition = GuardCondition(conjuncts)
    }

    /// Evaluates the conjuncts in order, stopping at the first false one (Cedar's semantics).
    func evaluate(_ environment: Environment) -> Outcome {
        do {
            for conjunct in conjuncts where try !conjunct.node.evaluateBool(environment) {
                return .notSatisfied
            }
            return .satisfied
        } catch {
            return .failed(error)
        }
    }

    /// Whether the action and type parts of the scope match: the permits an explanation of a
    /// default deny may cite.
    func scopeMatches(_ environment: Environment) -> Bool {
        for conjunct in conjuncts where conjunct.role == .actionScope || conjunct.role == .typeScope {
            // INVARIANT: scope conjuncts compare the request's own uids with literals and never fail.
            guard (try? conjunct.node.evaluateBool(environment)) == true else { return false }
        }
        return true
    }

    var effect: Effect { policy.effect }

    /// The scope as conjuncts: types first (never failing), then the entity constraints.
    static func scopeConjuncts(_ policy: Policy) -> [Conjunct] {
        var result: [Conjunct] = []
        let span = policy.span
        func expression(_ kind: Expression.Kind) -> Expression { Expression(kind: kind, span: span) }
        func reference(_ variable: Variable) -> Expression { expression(.variable(variable)) }

        for (variable, scope) in [(Variable.principal, policy.principal), (.resource, policy.resource)] {
            let subject = reference(variable)
            switch scope {
            case .any:
                break
            case .equals(let uid):
                result.append(.make(expression(.is(subject, uid.type, nil)), negated: false, role: .typeScope))
                result.append(
                    .make(
                        expression(.binary(.equal, subject, expression(.entity(uid)))), negated: false,
                        role: .entityScope))
            case .in(let uid):
                result.append(
                    .make(
                        expression(.binary(.in, subject, expression(.entity(uid)))), negated: false, role: .entityScope)
                )
            case .is(let type):
                result.append(.make(expression(.is(subject, type, nil)), negated: false, role: .typeScope))
            case .isIn(let type, let uid):
                result.append(.make(expression(.is(subject, type, nil)), negated: false, role: .typeScope))
                result.append(
                    .make(
                        expression(.binary(.in, subject, expression(.entity(uid)))), negated: false, role: .entityScope)
                )
            }
        }
        let action = reference(.action)
        switch policy.action {
        case .any:
            break
        case .equals(let uid):
            result.insert(
                .make(
                    expression(.binary(.equal, action, expression(.entity(uid)))), negated: false, role: .actionScope),
                at: 0)
        case .in(let uid):
            result.insert(
                .make(expression(.binary(.in, action, expression(.entity(uid)))), negated: false, role: .actionScope),
                at: 0)
        case .inSet(let uids):
            let set = expression(.set(uids.map { expression(.entity($0)) }))
            result.insert(.make(expression(.binary(.in, action, set)), negated: false, role: .actionScope), at: 0)
        }
        return result
    }
}

/// An equality between a request attribute and a constant, checked first among a policy's
/// conditions: `principal.tenant == "t07"`.
struct GuardCondition: Sendable {
    /// `principal.tenant`: the attribute read, shared by every policy guarded on it.
    let path: String
    let attribute: VariableAttributeNode
    let value: Value
    /// Where the guard sits in the policy's conjuncts.
    let position: Int

    /// The guard of a conjunct list, if its first condition is `var.attr == constant` (either way
    /// round). Only scope conjuncts, which never fail, may come before it, so skipping a policy
    /// whose guard does not match can never hide an evaluation error Cedar would report.
    init?(_ conjuncts: [Conjunct]) {
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
        self.path = attribute.path ?? ""
        self.position = position
    }
}
