/// One entity: its identity, attributes and direct parents. Immutable, and shared by reference
/// so that evaluation never copies an entity's attributes.
public final class Entity: Sendable {
    public let uid: EntityUID
    public let attributes: Record
    public let parents: [EntityUID]

    public init(uid: EntityUID, attributes: Record = [:], parents: [EntityUID] = []) {
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
    /// Requests usually carry a handful of entities; below this many, a linear scan beats hashing.
    static let linearSearchLimit = 16

    private var list: [Entity]
    private var positions: [EntityUID: Int]?
    /// Ancestors of the entities that have any.
    private var ancestors: [EntityUID: Set<EntityUID>]

    /// Makes the store; a later entity with the same uid replaces an earlier one.
    public init(_ entities: [Entity] = []) {
        var list: [Entity] = []
        list.reserveCapacity(entities.count)
        var positions: [EntityUID: Int] = [:]
        if entities.count > Entities.linearSearchLimit { positions.reserveCapacity(entities.count) }
        for entity in entities {
            if entities.count > Entities.linearSearchLimit {
                if let existing = positions[entity.uid] {
                    list[existing] = entity
                    continue
                }
                positions[entity.uid] = list.count
            } else if let existing = list.firstIndex(where: { $0.uid == entity.uid }) {
                list[existing] = entity
                continue
            }
            list.append(entity)
        }
        self.list = list
        self.positions = entities.count > Entities.linearSearchLimit ? positions : nil
        self.ancestors = [:]
        self.ancestors = closure()
    }

    /// The entity with this uid, if present.
    public subscript(uid: EntityUID) -> Entity? {
        if let positions { return positions[uid].map { list[$0] } }
        for entity in list where entity.uid == uid { return entity }
        return nil
    }

    /// Every entity.
    public var all: [Entity] { list }

    /// The number of entities.
    public var count: Int { list.count }

    /// Whether `descendant in ancestor` holds (reflexive and transitive).
    public func isDescendant(_ descendant: EntityUID, of ancestor: EntityUID) -> Bool {
        descendant == ancestor || (!ancestors.isEmpty && ancestors[descendant]?.contains(ancestor) == true)
    }

    /// All ancestors of `uid` (not including itself).
    public func ancestors(of uid: EntityUID) -> Set<EntityUID> {
        ancestors.isEmpty ? [] : ancestors[uid] ?? []
    }

    /// Reachability over `parents`, by depth-first search with memoization; cycles are tolerated.
    private func closure() -> [EntityUID: Set<EntityUID>] {
        var result: [EntityUID: Set<EntityUID>] = [:]
        for entity in list where !entity.parents.isEmpty && result[entity.uid] == nil {
            var reached: Set<EntityUID> = []
            var stack = entity.parents
            while let next = stack.popLast() {
                guard reached.insert(next).inserted else { continue }
                if let known = result[next] {
                    reached.formUnion(known)
                } else if let parents = self[next]?.parents {
                    stack.append(contentsOf: parents)
                }
            }
            result[entity.uid] = reached
        }
        return result
    }
}
