/// Decides requests against a policy set, with Cedar's semantics and a full explanation of every
/// denial. Pure and synchronous: no I/O, no clock; safe to call from any thread.
public struct Authorizer: Sendable {
    public struct Options: Sendable {
        /// How many nearest permits a default deny lists before reporting the rest as `omitted`.
        public var maximumNearestPermits: Int
        /// Whether to consult the index; off evaluates every policy (same decisions, for tests).
        public var usesIndex: Bool
        /// Deny when a forbid fails to evaluate, citing it, instead of skipping it as Cedar does.
        /// Off gives Cedar's decisions exactly; the product's request gate turns it on, so that a
        /// missing attribute can never open a door a forbid was meant to keep shut.
        public var failsClosed: Bool

        public init(maximumNearestPermits: Int = 5, usesIndex: Bool = true, failsClosed: Bool = false) {
            precondition(maximumNearestPermits >= 1)
            self.maximumNearestPermits = maximumNearestPermits
            self.usesIndex = usesIndex
            self.failsClosed = failsClosed
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
        var failedForbids: [Int] = []
        func consider(_ policy: CompiledPolicy, actionMatched: Bool, guardHolds: Bool) {
            switch policy.evaluate(environment, actionMatched: actionMatched, guardHolds: guardHolds) {
            case .satisfied:
                if policy.effect == .permit { permits.append(policy.index) } else { forbids.append(policy.index) }
            case .notSatisfied:
                break
            case .failed(let error):
                errors.append(PolicyEvaluationError(policy: policy.policy.id, error: error.policyError))
                if policy.effect == .forbid { failedForbids.append(policy.index) }
            }
        }
        if options.usesIndex {
            for candidate in policySet.index.candidates(for: environment) {
                consider(compiled[candidate.index], actionMatched: true, guardHolds: candidate.guardHolds)
            }
        } else {
            for policy in compiled { consider(policy, actionMatched: false, guardHolds: false) }
        }

        var decision = Decision(
            effect: .deny, determining: [], denial: nil, errors: errors, policySetDigest: policySet.digest)
        let failedClosed = options.failsClosed ? failedForbids : []
        if !forbids.isEmpty || !failedClosed.isEmpty {
            let denying = (forbids + failedClosed).sorted()
            decision.determining = denying.map { compiled[$0].policy.id }
            var memo = ConjunctMemo(count: policySet.conjunctCount, environment: environment)
            // A forbid that failed is cited by the checks that did not hold, the failing one among them.
            let failed = Set(failedClosed)
            decision.denial = Denial(
                kind: .forbidden,
                violations: denying.map { Explainer.violation(compiled[$0], memo: &memo, held: !failed.contains($0)) },
                omitted: 0, message: nil)
        } else if !permits.isEmpty {
            decision.effect = .allow
            decision.determining = permits.map { compiled[$0].policy.id }
        } else {
            decision.denial = nearestPermits(environment)
        }
        return decision
    }

    /// The explanation of a default deny: the permits whose action and type scope match, ranked
    /// by how many of their checks failed (then by set order), each with those failed checks.
    ///
    /// The ranking covers every scope-matched permit, including those the index skipped, so it is
    /// the same with or without the index. Per-tenant copies of one permit are ranked as a group
    /// (``PermitGroup``), and a check shared by many permits is evaluated once.
    func nearestPermits(_ environment: Environment) -> Denial {
        let groups = policySet.permitGroups
        let candidates =
            options.usesIndex
            ? policySet.index.groups(for: environment)
            : groups.indices.filter { groups[$0].representative.actionMatches(environment) }
        let limit = options.maximumNearestPermits
        var memo = ConjunctMemo(count: policySet.conjunctCount, environment: environment)
        var ranked: [(failed: Int, index: Int)] = []
        var total = 0
        for id in candidates {
            let group = groups[id]
            guard group.representative.typesMatch(environment) else { continue }
            total += group.members.count
            let failures = memo.failures(group.shared, dependencies: group.sharedDependencies)
            let guardValue = try? group.representative.guardCondition?.attribute.evaluate(environment)
            ranked += group.nearest(limit: limit, sharedFailures: failures, guardValue: guardValue)
        }
        guard total > 0 else {
            let request = environment.request
            return Denial(
                kind: .notPermitted, violations: [], omitted: 0,
                message: "no policy permits action `\(request.action)` on resources of type `\(request.resource.type)`")
        }
        ranked.sort { $0.failed != $1.failed ? $0.failed < $1.failed : $0.index < $1.index }
        let nearest = ranked.prefix(limit)
        let violations = nearest.map { Explainer.violation(policySet.compiled[$0.index], memo: &memo, held: false) }
        return Denial(kind: .notPermitted, violations: violations, omitted: total - nearest.count, message: nil)
    }
}

/// Per-request results of conjuncts by id, so that a conjunct shared by many policies is
/// evaluated once while explaining a denial.
struct ConjunctMemo {
    private var results: [UInt8]  // 0 unknown, 1 holds, 2 does not hold, 3 fails
    let environment: Environment

    init(count: Int, environment: Environment) {
        results = [UInt8](repeating: 0, count: count)
        self.environment = environment
    }

    mutating func holds(_ conjunct: Conjunct) -> Bool {
        outcome(conjunct) == 1
    }

    /// Whether the conjunct failed to evaluate (rather than evaluating to false).
    mutating func fails(_ conjunct: Conjunct) -> Bool {
        outcome(conjunct) == 3
    }

    private mutating func outcome(_ conjunct: Conjunct) -> UInt8 {
        if results[conjunct.id] == 0 {
            do {
                results[conjunct.id] = try conjunct.node.evaluateBool(environment) ? 1 : 2
            } catch {
                results[conjunct.id] = 3
            }
        }
        return results[conjunct.id]
    }

    /// Whether the conjunct at `position` reads an attribute whose `has` test (an earlier
    /// conjunct, per `dependencies`) failed: it is then not a failure of its own.
    mutating func isMasked(_ position: Int, in dependencies: [Int?], _ conjuncts: [Conjunct]) -> Bool {
        guard let guardPosition = dependencies[position] else { return false }
        return !holds(conjuncts[guardPosition])
    }

    /// The number of failed checks among `conjuncts`, not counting those masked by a failed `has`.
    mutating func failures(_ conjuncts: [Conjunct], dependencies: [Int?]) -> Int {
        var count = 0
        for (position, conjunct) in conjuncts.enumerated() where !holds(conjunct) {
            if !isMasked(position, in: dependencies, conjuncts) { count += 1 }
        }
        return count
    }
}
