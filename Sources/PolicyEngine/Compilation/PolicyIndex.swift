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
    /// Policies and permit groups filed under one action key; immutable once built.
    final class Bucket: Sendable {
        /// The policies of one guard path: by guard value, and all of them.
        struct Guarded: Sendable {
            let reader: VariableAttributeNode
            let byValue: FastTable<Value, [Int]>
            let all: [Int]
        }

        let unguarded: [Int]
        let guarded: [Guarded]
        /// Permit groups whose action scope files them here.
        let groups: [Int]

        init(_ builder: Builder) {
            unguarded = builder.unguarded
            guarded = builder.guardPaths.map { path in
                let byValue = builder.guarded[path]!
                return Guarded(
                    reader: builder.readers[path]!,
                    byValue: FastTable(byValue.order.map { ($0, byValue.members[$0]!) }),
                    all: builder.guardedAll[path]!)
            }
            groups = builder.groups
        }

        static let empty = Bucket(Builder())
    }

    /// A bucket while the index is being built.
    struct Builder {
        var unguarded: [Int] = []
        var guardPaths: [Int] = []
        var guarded: [Int: (order: [Value], members: [Value: [Int]])] = [:]
        var guardedAll: [Int: [Int]] = [:]
        var readers: [Int: VariableAttributeNode] = [:]
        var groups: [Int] = []

        mutating func add(_ policy: CompiledPolicy) {
            guard let guardCondition = policy.guardCondition else {
                unguarded.append(policy.index)
                return
            }
            let path = guardCondition.path
            if guarded[path] == nil {
                guardPaths.append(path)
                guarded[path] = ([], [:])
            }
            if guarded[path]!.members[guardCondition.value] == nil { guarded[path]!.order.append(guardCondition.value) }
            guarded[path]!.members[guardCondition.value, default: []].append(policy.index)
            guardedAll[path, default: []].append(policy.index)
            readers[path] = guardCondition.attribute
        }
    }

    /// `action == A` and `action in A`, by A: one lookup finds both.
    struct ActionBuckets: Sendable {
        let equals: Bucket
        let `in`: Bucket
    }

    private let byAction: FastTable<EntityUID, ActionBuckets>
    private let anyAction: Bucket

    init(_ policies: [CompiledPolicy], groups: [PermitGroup]) {
        var any = Builder()
        var equals: [EntityUID: Builder] = [:]
        var inside: [EntityUID: Builder] = [:]
        var order: [EntityUID] = []
        func file(_ action: ActionConstraint, _ change: (inout Builder) -> Void) {
            func note(_ uid: EntityUID) { if equals[uid] == nil && inside[uid] == nil { order.append(uid) } }
            switch action {
            case .any: change(&any)
            case .equals(let uid):
                note(uid)
                change(&equals[uid, default: Builder()])
            case .in(let uid):
                note(uid)
                change(&inside[uid, default: Builder()])
            case .inSet(let uids):
                for uid in Set(uids) {
                    note(uid)
                    change(&inside[uid, default: Builder()])
                }
            }
        }
        for policy in policies { file(policy.policy.action) { $0.add(policy) } }
        for (id, group) in groups.enumerated() { file(group.representative.policy.action) { $0.groups.append(id) } }
        anyAction = Bucket(any)
        byAction = FastTable(
            order.map { uid in
                (
                    uid,
                    ActionBuckets(
                        equals: equals[uid].map(Bucket.init) ?? .empty, in: inside[uid].map(Bucket.init) ?? .empty)
                )
            })
    }

    /// A policy that may apply, and whether the index already knows its guard holds.
    struct Candidate {
        var index: Int
        var guardHolds: Bool
    }

    /// Adds to `result` the policies of `bucket` that may apply: the unguarded ones, and the
    /// guarded ones whose guard value matches the request's. Returns how many lists it added.
    @inline(__always)
    private func collect(_ bucket: Bucket, _ environment: Environment, _ result: inout [Candidate]) -> Int {
        var sources = 0
        if !bucket.unguarded.isEmpty {
            for index in bucket.unguarded { result.append(Candidate(index: index, guardHolds: false)) }
            sources += 1
        }
        for entry in bucket.guarded {
            // A guard read is a single attribute lookup, cheaper than remembering it.
            if let value = try? entry.reader.evaluate(environment) {
                if let matching = entry.byValue[value] {
                    for index in matching { result.append(Candidate(index: index, guardHolds: true)) }
                    sources += 1
                }
            } else {
                // Reading the attribute fails, so each of these policies fails at its guard:
                // evaluate them all, so that their errors are reported as Cedar would.
                for index in entry.all { result.append(Candidate(index: index, guardHolds: false)) }
                sources += 1
            }
        }
        return sources
    }

    /// The policies that may apply, by ascending index and without duplicates.
    func candidates(for environment: Environment) -> [Candidate] {
        var result: [Candidate] = []
        result.reserveCapacity(16)
        let action = environment.request.action
        var sources = collect(anyAction, environment, &result)
        if let pair = byAction.lookup(action, hash: action.fastHash) {
            sources += collect(pair.equals, environment, &result)
            sources += collect(pair.in, environment, &result)
        }
        for ancestor in environment.entities.ancestors(of: action) {
            if let pair = byAction[ancestor] { sources += collect(pair.in, environment, &result) }
        }
        if sources > 1 {
            result.sort { $0.index < $1.index }
            var kept = 0
            for position in result.indices where kept == 0 || result[position].index != result[kept - 1].index {
                result[kept] = result[position]
                kept += 1
            }
            result.removeLast(result.count - kept)
        }
        return result
    }

    /// The permit groups whose action scope matches the request, ascending.
    func groups(for environment: Environment) -> [Int] {
        var result = anyAction.groups
        let action = environment.request.action
        var sources = result.isEmpty ? 0 : 1
        func add(_ bucket: Bucket) {
            guard !bucket.groups.isEmpty else { return }
            result.append(contentsOf: bucket.groups)
            sources += 1
        }
        if let pair = byAction.lookup(action, hash: action.fastHash) {
            add(pair.equals)
            add(pair.in)
        }
        for ancestor in environment.entities.ancestors(of: action) {
            if let pair = byAction[ancestor] { add(pair.in) }
        }
        if sources > 1 {
            result.sort()
            var kept = 0
            for position in result.indices where kept == 0 || result[position] != result[kept - 1] {
                result[kept] = result[position]
                kept += 1
            }
            result.removeLast(result.count - kept)
        }
        return result
    }
}
