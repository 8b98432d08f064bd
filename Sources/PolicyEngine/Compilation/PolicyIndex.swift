/// Finds the policies that can apply to a request without evaluating the others, so that the
/// cost of a decision does not grow with policies about other actions or other tenants.
///
/// Policies are filed by action (`action == A`, `action in A`, `action in [A, …]`, or any), and
/// within that by their guard (`principal.tenant == "t07"` as the first condition), much as OPA
/// indexes rules by equality tests. A request looks up its action and the action's ancestors,
/// reads each guard attribute once, and gets the policies whose guard value matches plus the
/// unguarded ones. A skipped policy is one whose scope or guard is false, so it could neither
/// apply nor fail: the decision and its `errors` are those of evaluating every policy.
struct PolicyIndex: Sendable {
    struct Bucket: Sendable {
        var unguarded: [Int] = []
        /// Guard path → guard value → policies.
        var guarded: [String: [Value: [Int]]] = [:]
        /// Guard path → every policy guarded on it (used when reading the attribute fails).
        var guardedAll: [String: [Int]] = [:]

        mutating func add(_ policy: CompiledPolicy) {
            if let guardCondition = policy.guardCondition {
                guarded[guardCondition.path, default: [:]][guardCondition.value, default: []].append(policy.index)
                guardedAll[guardCondition.path, default: []].append(policy.index)
            } else {
                unguarded.append(policy.index)
            }
        }
    }

    private var actionEquals: [EntityUID: Bucket] = [:]
    private var actionIn: [EntityUID: Bucket] = [:]
    private var anyAction = Bucket()
    /// One node per guard path, to read each guard attribute once per request.
    private var guardReaders: [String: VariableAttributeNode] = [:]

    init(_ policies: [CompiledPolicy]) {
        for policy in policies {
            if let path = policy.guardCondition?.path { guardReaders[path] = policy.guardCondition?.attribute }
            switch policy.policy.action {
            case .any: anyAction.add(policy)
            case .equals(let uid): actionEquals[uid, default: Bucket()].add(policy)
            case .in(let uid): actionIn[uid, default: Bucket()].add(policy)
            case .inSet(let uids):
                for uid in Set(uids) { actionIn[uid, default: Bucket()].add(policy) }
            }
        }
    }

    /// The indices of the policies that may apply, ascending and without duplicates.
    func candidates(for environment: Environment) -> [Int] {
        var guardValues: [String: Value?] = [:]
        var result: [Int] = []
        func collect(_ bucket: Bucket) {
            result.append(contentsOf: bucket.unguarded)
            for (path, byValue) in bucket.guarded {
                let value: Value?
                if let known = guardValues[path] {
                    value = known
                } else {
                    value = try? guardReaders[path]!.evaluate(environment)
                    guardValues[path] = .some(value)
                }
                if let value {
                    if let matching = byValue[value] { result.append(contentsOf: matching) }
                } else {
                    // Reading the attribute fails, so each of these policies fails at its guard:
                    // evaluate them all, so that their errors are reported as Cedar would.
                    result.append(contentsOf: bucket.guardedAll[path] ?? [])
                }
            }
        }
        let action = environment.request.action
        collect(anyAction)
        if let bucket = actionEquals[action] { collect(bucket) }
        if let bucket = actionIn[action] { collect(bucket) }
        for ancestor in environment.entities.ancestors(of: action) {
            if let bucket = actionIn[ancestor] { collect(bucket) }
        }
        result.sort()
        var unique: [Int] = []
        unique.reserveCapacity(result.count)
        for index in result where unique.last != index { unique.append(index) }
        return unique
    }

    /// The indices of every policy whose action scope matches the request, guarded or not:
    /// the permits an explanation of a default deny ranks.
    func actionMatches(for environment: Environment) -> [Int] {
        var result: [Int] = []
        func collect(_ bucket: Bucket) {
            result.append(contentsOf: bucket.unguarded)
            for indices in bucket.guardedAll.values { result.append(contentsOf: indices) }
        }
        let action = environment.request.action
        collect(anyAction)
        if let bucket = actionEquals[action] { collect(bucket) }
        if let bucket = actionIn[action] { collect(bucket) }
        for ancestor in environment.entities.ancestors(of: action) {
            if let bucket = actionIn[ancestor] { collect(bucket) }
        }
        result.sort()
        var unique: [Int] = []
        for index in result where unique.last != index { unique.append(index) }
        return unique
    }
}
