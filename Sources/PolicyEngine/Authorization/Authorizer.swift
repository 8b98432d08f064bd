/// Decides requests against a policy set, with Cedar's semantics and a full explanation of every
/// denial. Pure and synchronous: no I/O, no clock; safe to call from any thread.
public struct Authorizer: Sendable {
    public struct Options: Sendable {
        /// How many nearest permits a default deny lists before reporting the rest as `omitted`.
        public var maximumNearestPermits: Int
        /// Whether to consult the index; off evaluates every policy (same decisions, for tests).
        public var usesIndex: Bool

        public init(maximumNearestPermits: Int = 5, usesIndex: Bool = true) {
            precondition(maximumNearestPermits >= 1)
            self.maximumNearestPermits = maximumNearestPermits
            self.usesIndex = usesIndex
        }
    }

    public let policySet: PolicySet
    public let options: Options

    public init(policySet: PolicySet, options: Options = Options()) {
        self.policySet = policySet
        self.options = options
    }

    /// Decides one request.
    /// - Parameters:
    ///   - request: principal, action, resource and context.
    ///   - entities: the entities the request may refer to, with their attributes and parents.
    /// - Returns: the decision; evaluation failures are in its `errors`, never thrown.
    public func authorize(_ request: Request, entities: Entities) -> Decision {
        let environment = Environment(request: request, entities: entities)
        let compiled = policySet.compiled
        var permits: [Int] = []
        var forbids: [Int] = []
        var errors: [PolicyEvaluationError] = []
        func consider(_ index: Int) {
            let policy = compiled[index]
            switch policy.evaluate(environment) {
            case .satisfied:
                if policy.effect == .permit { permits.append(index) } else { forbids.append(index) }
            case .notSatisfied:
                break
            case .failed(let error):
                errors.append(PolicyEvaluationError(policy: policy.policy.id, error: error.policyError))
            }
        }
        if options.usesIndex {
            for index in policySet.index.candidates(for: environment) { consider(index) }
        } else {
            for index in compiled.indices { consider(index) }
        }

        var decision = Decision(
            effect: .deny, determining: [], denial: nil, errors: errors, policySetDigest: policySet.digest)
        if !forbids.isEmpty {
            decision.determining = forbids.map { compiled[$0].policy.id }
            decision.denial = Denial(
                kind: .forbidden, violations: forbids.map { heldForbid(compiled[$0], environment) }, omitted: 0,
                message: nil)
        } else if !permits.isEmpty {
            decision.effect = .allow
            decision.determining = permits.map { compiled[$0].policy.id }
        } else {
            decision.denial = nearestPermits(environment)
        }
        return decision
    }

    /// A forbid that held, with every check that made it hold.
    func heldForbid(_ policy: CompiledPolicy, _ environment: Environment) -> Violation {
        let checks = policy.conjuncts.filter { $0.role == .entityScope || $0.role == .condition }
            .flatMap { Explainer.checks($0, environment) }
        return Explainer.violation(policy, checks: checks)
    }

    /// The explanation of a default deny: the permits whose action and type scope match, ranked
    /// by how many of their checks failed (then by set order), each with those failed checks.
    ///
    /// The ranking considers every scope-matched permit, including those the index skipped, so it
    /// is the same with or without the index. Identical checks shared by many policies (per-tenant
    /// copies of one permit) are evaluated once.
    func nearestPermits(_ environment: Environment) -> Denial {
        let compiled = policySet.compiled
        let matching = options.usesIndex ? policySet.index.actionMatches(for: environment) : Array(compiled.indices)
        let scoped = matching.filter { compiled[$0].effect == .permit && compiled[$0].scopeMatches(environment) }
        guard !scoped.isEmpty else {
            let request = environment.request
            return Denial(
                kind: .notPermitted, violations: [], omitted: 0,
                message: "no policy permits action `\(request.action)` on resources of type `\(request.resource.type)`")
        }
        var memo = ConjunctMemo(count: policySet.conjunctCount, environment: environment)
        var ranked: [(failed: Int, index: Int)] = []
        ranked.reserveCapacity(scoped.count)
        for index in scoped {
            var failed = 0
            for conjunct in compiled[index].conjuncts where conjunct.role == .entityScope || conjunct.role == .condition
            {
                if !memo.holds(conjunct, in: compiled[index]) { failed += 1 }
            }
            ranked.append((failed, index))
        }
        let limit = min(options.maximumNearestPermits, ranked.count)
        let nearest = ranked.sorted { $0.failed != $1.failed ? $0.failed < $1.failed : $0.index < $1.index }.prefix(
            limit)
        let violations = nearest.map { entry -> Violation in
            let policy = compiled[entry.index]
            var checks: [Check] = []
            for conjunct in policy.conjuncts where conjunct.role == .entityScope || conjunct.role == .condition {
                if !memo.holds(conjunct, in: policy) { checks += Explainer.checks(conjunct, environment) }
            }
            return Explainer.violation(policy, checks: checks)
        }
        return Denial(kind: .notPermitted, violations: violations, omitted: ranked.count - limit, message: nil)
    }
}

/// Per-request results of conjuncts by id, so that a conjunct shared by many policies is
/// evaluated once while ranking permits.
struct ConjunctMemo {
    private var results: [UInt8]  // 0 unknown, 1 holds, 2 does not hold or fails
    private var guardValues: [String: Value?] = [:]
    let environment: Environment

    init(count: Int, environment: Environment) {
        results = [UInt8](repeating: 0, count: count)
        self.environment = environment
    }

    mutating func holds(_ conjunct: Conjunct, in policy: CompiledPolicy) -> Bool {
        if results[conjunct.id] == 0 {
            results[conjunct.id] = evaluate(conjunct, in: policy) ? 1 : 2
        }
        return results[conjunct.id] == 1
    }

    /// A guard compares one attribute with a constant: read the attribute once per path.
    private mutating func evaluate(_ conjunct: Conjunct, in policy: CompiledPolicy) -> Bool {
        if let guardCondition = policy.guardCondition, policy.conjuncts[guardCondition.position].id == conjunct.id {
            let value: Value?
            if let known = guardValues[guardCondition.path] {
                value = known
            } else {
                value = try? guardCondition.attribute.evaluate(environment)
                guardValues[guardCondition.path] = .some(value)
            }
            return value == guardCondition.value
        }
        return (try? conjunct.node.evaluateBool(environment)) == true
    }
}
