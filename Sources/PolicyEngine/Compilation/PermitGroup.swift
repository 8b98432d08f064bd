/// Permits that differ only in their guard value — per-tenant copies of one permit — ranked
/// together when a default deny is explained.
///
/// Members share every explained conjunct but the guard, so each member's count of failed checks
/// is the group's count over the shared conjuncts, plus one when its guard fails. Ranking groups
/// therefore gives exactly the ranking of every member, at the cost of one member per group.
struct PermitGroup: Sendable {
    /// The first member, whose scope and shared conjuncts stand for all.
    let representative: CompiledPolicy
    /// Member policy indices, ascending.
    let members: [Int]
    /// The guard path, when the members are guarded.
    let guardPath: Int?
    /// Guard value → members with that value, ascending.
    let membersByGuardValue: [Value: [Int]]
    /// The representative's explained conjuncts other than its guard.
    let shared: [Conjunct]
    /// For each shared conjunct, the position of the earlier `has` test it depends on.
    let sharedDependencies: [Int?]

    /// Groups the permits of a set; forbids are never grouped (they are not ranked).
    static func make(_ policies: [CompiledPolicy]) -> [PermitGroup] {
        var order: [String] = []
        var byKey: [String: [CompiledPolicy]] = [:]
        for policy in policies where policy.effect == .permit {
            let key = groupKey(policy)
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(policy)
        }
        return order.map { key in
            let members = byKey[key]!
            let representative = members[0]
            var byValue: [Value: [Int]] = [:]
            if representative.guardCondition != nil {
                for member in members { byValue[member.guardCondition!.value, default: []].append(member.index) }
            }
            let guardID = representative.guardCondition?.conjunctID
            let shared = representative.explained.filter { $0.id != guardID }
            return PermitGroup(
                representative: representative, members: members.map(\.index),
                guardPath: representative.guardCondition?.path, membersByGuardValue: byValue,
                shared: shared, sharedDependencies: CompiledPolicy.dependencies(of: shared))
        }
    }

    /// Scope, types, guard attribute and every other conjunct: equal keys mean the policies differ
    /// at most in the guard's value.
    static func groupKey(_ policy: CompiledPolicy) -> String {
        let guardID = policy.guardCondition?.conjunctID
        var parts = policy.conjuncts.filter { $0.role == .actionScope }.map { "a\($0.id)" }
        parts.append("p:" + (policy.principalType ?? "*"))
        parts.append("r:" + (policy.resourceType ?? "*"))
        if let guardCondition = policy.guardCondition { parts.append("g\(guardCondition.path)") }
        parts += policy.explained.filter { $0.id != guardID }.map { "c\($0.id)" }
        return parts.joined(separator: ",")
    }

    /// Up to `limit` members with the fewest failed checks — `(failed, index)`, by count then
    /// set order — given the failures among the shared conjuncts and, for a guarded group, the
    /// request's guard value (`nil` when reading the guard attribute failed).
    func nearest(limit: Int, sharedFailures: Int, guardValue: Value?) -> [(failed: Int, index: Int)] {
        guard guardPath != nil else { return members.prefix(limit).map { (sharedFailures, $0) } }
        let matching = guardValue.flatMap { membersByGuardValue[$0] } ?? []
        var result = matching.prefix(limit).map { (failed: sharedFailures, index: $0) }
        var taken = 0
        for member in members where taken < limit && !matching.contains(member) {
            result.append((sharedFailures + 1, member))
            taken += 1
        }
        return result
    }
}
