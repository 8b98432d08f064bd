/// One entity: its identity, attributes and direct parents.
public struct Entity: Sendable {
    public var uid: EntityUID
    public var attributes: [String: Value]
    public var parents: [EntityUID]

    public init(uid: EntityUID, attributes: [String: Value] = [:], parents: [EntityUID] = []) {
        self.uid = uid
        self.attributes = attributes
        self.parents = parents
    }
}

/// The entities a request may refer to, with the hierarchy's transitive closure computed once.
///
/// `A in B` holds when `A == B` or `B` is an ancestor of `A` through `parents`. An entity that is
/// not in the store has no attributes (reading one is an error) and no ancestors.
public struct Entities: Sendable {
    private var entities: [EntityUID: Entity]
    private var ancestors: [EntityUID: Set<EntityUID>]

    /// Makes the store; a later entity with the same uid replaces an earlier one.
    public init(_ list: [Entity] = []) {
        var byUID: [EntityUID: Entity] = [:]
        byUID.reserveCapacity(list.count)
        for entity in list { byUID[entity.uid] = entity }
        entities = byUID
        ancestors = Entities.closure(of: byUID)
    }

    /// The entity with this uid, if present.
    public subscript(uid: EntityUID) -> Entity? { entities[uid] }

    /// Every entity, in no particular order.
    public var all: Dictionary<EntityUID, Entity>.Values { entities.values }

    /// The number of entities.
    public var count: Int { entities.count }

    /// Whether `descendant in ancestor` holds (reflexive and transitive).
    public func isDescendant(_ descendant: EntityUID, of ancestor: EntityUID) -> Bool {
        descendant == ancestor || ancestors[descendant]?.contains(ancestor) == true
    }

    /// All ancestors of `uid` (not including itself).
    public func ancestors(of uid: EntityUID) -> Set<EntityUID> { ancestors[uid] ?? [] }

    /// Reachability over `parents`, by depth-first search with memoization; cycles are tolerated.
    private static func closure(of entities: [EntityUID: Entity]) -> [EntityUID: Set<EntityUID>] {
        var result: [EntityUID: Set<EntityUID>] = [:]
        result.reserveCapacity(entities.count)
        for uid in entities.keys where result[uid] == nil {
            var reached: Set<EntityUID> = []
            var stack = entities[uid]?.parents ?? []
            while let next = stack.popLast() {
                guard reached.insert(next).inserted else { continue }
                if let known = result[next] {
                    reached.formUnion(known)
                } else if let parents = entities[next]?.parents {
                    stack.append(contentsOf: parents)
                }
            }
            result[uid] = reached
        }
        return result
    }
}
