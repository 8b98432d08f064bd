/// The entity types, actions and attribute types that policies are validated against: a subset
/// of Cedar's JSON schema format, read with ``init(json:)``.
///
/// Every name is stored fully qualified (`Acme::User`, `Acme::Action::"read"`), and the
/// membership closures the validator needs are computed once, when the schema is read.
public struct Schema: Sendable {
    /// A declared entity type.
    struct EntityType: Sendable {
        /// The fully qualified name, such as `Acme::User`.
        var name: String
        /// The attributes of every entity of this type.
        var attributes: [String: SchemaType.Attribute]
        /// The types whose entities an entity of this type may be in, directly or transitively.
        var ancestorTypes: Set<String>
    }

    /// A declared action.
    struct Action: Sendable {
        var uid: EntityUID
        /// The action groups this action is in, directly or transitively.
        var ancestors: Set<EntityUID>
        /// The principal and resource types the action applies to (none when `appliesTo` is absent).
        var principalTypes: Set<String>
        var resourceTypes: Set<String>
        /// The attributes of the action's `context` record.
        var context: [String: SchemaType.Attribute]
    }

    /// The declared entity types, by fully qualified name.
    let entityTypes: [String: EntityType]
    /// The declared actions, by entity id.
    let actions: [EntityUID: Action]

    init(entityTypes: [String: EntityType], actions: [EntityUID: Action]) {
        self.entityTypes = entityTypes
        self.actions = actions
    }

    /// Whether `type` names actions (`Action` or `Namespace::Action`), as the policy grammar decides.
    static func isActionType(_ type: String) -> Bool {
        type == "Action" || type.hasSuffix("::Action")
    }

    /// The entity types that an entity of type `type` may be in, `type` itself included.
    func typesReachable(from type: String) -> Set<String> {
        (entityTypes[type]?.ancestorTypes ?? []).union([type])
    }

    /// The declared types whose entities may be `ancestor` or be in an entity of type `ancestor`.
    func typesReaching(_ ancestor: String) -> Set<String> {
        Set(entityTypes.values.filter { $0.name == ancestor || $0.ancestorTypes.contains(ancestor) }.map(\.name))
    }

    /// The declared actions that are `group` or in it, directly or transitively.
    func actionsReaching(_ group: EntityUID) -> Set<EntityUID> {
        Set(actions.values.filter { $0.uid == group || $0.ancestors.contains(group) }.map(\.uid))
    }
}
