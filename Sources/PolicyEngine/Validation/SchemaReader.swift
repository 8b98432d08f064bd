import JSON

/// Reads a schema in two passes: first every declared name, then every type, so declarations may
/// refer to each other in any order.
struct SchemaReader {
    /// A declaration's JSON, the namespace it sits in and its path for messages.
    struct Declaration {
        var json: JSONValue
        var namespace: String
        var path: String
    }

    static let builtinTypeNames: Set<String> = [
        "String", "Long", "Boolean", "Set", "Record", "Entity", "EntityOrCommon", "Extension",
    ]
    static let extensionTypeNames: Set<String> = ["decimal", "ipaddr", "datetime", "duration"]

    var declaredCommonTypes: [String: Declaration] = [:]
    var declaredEntityTypes: [String: Declaration] = [:]
    var declaredActions: [EntityUID: Declaration] = [:]
    /// Common types resolved so far, and those being resolved (to report cycles).
    var resolvedCommonTypes: [String: SchemaType] = [:]
    var resolving: Set<String> = []

    init(_ json: JSONValue) throws(PolicyError) {
        guard case .object(let namespaces) = json else {
            throw PolicyError(.invalidSchema, "a schema must be a JSON object of namespaces")
        }
        for (namespace, body) in namespaces.sorted(by: { $0.key < $1.key }) {
            let path = namespace.isEmpty ? "\"\"" : namespace
            guard Self.isNamespace(namespace) else {
                throw PolicyError(.invalidSchema, "`\(path)` is not a namespace name such as `Acme` or `Acme::Core`")
            }
            let members = try Self.object(body, at: path)
            try Self.checkMembers(members, allowed: ["commonTypes", "entityTypes", "actions", "annotations"], at: path)
            for (name, type) in try Self.object(members["commonTypes"] ?? [:], at: "\(path).commonTypes") {
                let typePath = "\(path).commonTypes.\(name)"
                guard Self.isIdentifier(name), !Self.builtinTypeNames.contains(name) else {
                    throw PolicyError(.invalidSchema, "`\(typePath)` cannot name a common type")
                }
                declaredCommonTypes[Self.qualify(name, in: namespace)] = Declaration(
                    json: type, namespace: namespace, path: typePath)
            }
            for (name, type) in try Self.object(members["entityTypes"] ?? [:], at: "\(path).entityTypes") {
                let typePath = "\(path).entityTypes.\(name)"
                guard Self.isIdentifier(name) else {
                    throw PolicyError(.invalidSchema, "`\(typePath)` cannot name an entity type")
                }
                declaredEntityTypes[Self.qualify(name, in: namespace)] = Declaration(
                    json: type, namespace: namespace, path: typePath)
            }
            for (id, action) in try Self.object(members["actions"] ?? [:], at: "\(path).actions") {
                let uid = EntityUID(type: Self.qualify("Action", in: namespace), id: id)
                declaredActions[uid] = Declaration(json: action, namespace: namespace, path: "\(path).actions.\(id)")
            }
        }
    }

    /// The second pass: every entity type and action, then the membership closures.
    mutating func read() throws(PolicyError) -> Schema {
        var entityTypes: [String: Schema.EntityType] = [:]
        var parents: [String: [String]] = [:]
        for (name, declaration) in declaredEntityTypes.sorted(by: { $0.key < $1.key }) {
            let (entityType, memberOfTypes) = try self.entityType(name, declaration)
            entityTypes[name] = entityType
            parents[name] = memberOfTypes
        }
        var actions: [EntityUID: Schema.Action] = [:]
        var groups: [EntityUID: [EntityUID]] = [:]
        for (uid, declaration) in declaredActions.sorted(by: { $0.key.description < $1.key.description }) {
            let (action, memberOf) = try self.action(uid, declaration)
            actions[uid] = action
            groups[uid] = memberOf
        }
        for name in entityTypes.keys { entityTypes[name]?.ancestorTypes = Self.closure(of: name, parents) }
        for uid in actions.keys { actions[uid]?.ancestors = Self.closure(of: uid, groups) }
        return Schema(entityTypes: entityTypes, actions: actions)
    }

    /// An entity type (ancestors still empty) and the types it is directly a member of.
    mutating func entityType(
        _ name: String, _ declaration: Declaration
    ) throws(PolicyError) -> (Schema.EntityType, memberOfTypes: [String]) {
        let (path, namespace) = (declaration.path, declaration.namespace)
        let members = try Self.object(declaration.json, at: path)
        try Self.checkMembers(members, allowed: ["memberOfTypes", "shape", "tags", "annotations"], at: path)
        let parents = try entityTypeNames(members["memberOfTypes"], in: namespace, at: "\(path).memberOfTypes")
        let attributes = try record(members["shape"], in: namespace, at: "\(path).shape")
        if let tags = members["tags"] {
            _ = try type(tags, in: namespace, at: "\(path).tags")  // checked, then ignored: policies cannot read tags
        }
        return (Schema.EntityType(name: name, attributes: attributes, ancestorTypes: []), parents)
    }

    /// An action (ancestors still empty) and the groups it is directly in. Without `appliesTo`,
    /// it applies to no principal and no resource.
    mutating func action(
        _ uid: EntityUID, _ declaration: Declaration
    ) throws(PolicyError) -> (Schema.Action, memberOf: [EntityUID]) {
        let (path, namespace) = (declaration.path, declaration.namespace)
        let members = try Self.object(declaration.json, at: path)
        try Self.checkMembers(members, allowed: ["memberOf", "appliesTo", "annotations"], at: path)
        let groups = try actionGroups(members["memberOf"], in: namespace, at: "\(path).memberOf")
        var action = Schema.Action(uid: uid, ancestors: [], principalTypes: [], resourceTypes: [], context: [:])
        if let appliesTo = members["appliesTo"], !appliesTo.isNull {
            let path = "\(path).appliesTo"
            let applies = try Self.object(appliesTo, at: path)
            try Self.checkMembers(applies, allowed: ["principalTypes", "resourceTypes", "context"], at: path)
            action.principalTypes = Set(
                try entityTypeNames(applies["principalTypes"], in: namespace, at: "\(path).principalTypes"))
            action.resourceTypes = Set(
                try entityTypeNames(applies["resourceTypes"], in: namespace, at: "\(path).resourceTypes"))
            action.context = try record(applies["context"], in: namespace, at: "\(path).context")
        }
        return (action, groups)
    }

    // MARK: - Types

    /// A type: a built-in form, or a reference to a common type.
    mutating func type(_ json: JSONValue, in namespace: String, at path: String) throws(PolicyError) -> SchemaType {
        let members = try Self.object(json, at: path)
        guard let name = members["type"]?.stringValue else {
            throw PolicyError(.invalidSchema, "`\(path)` needs a string `type`")
        }
        var allowed: Set<String> = ["type", "required", "annotations"]
        let type: SchemaType
        switch name {
        case "String": type = .string
        case "Long": type = .long
        case "Boolean": type = .anyBool
        case "Set":
            allowed.insert("element")
            guard let element = members["element"] else {
                throw PolicyError(.invalidSchema, "`\(path)` is a `Set` without an `element` type")
            }
            type = .set(try self.type(element, in: namespace, at: "\(path).element"))
        case "Record":
            allowed.formUnion(["attributes", "additionalAttributes"])
            if let open = members["additionalAttributes"], open != false {
                throw PolicyError(
                    .invalidSchema, "`\(path).additionalAttributes` must be `false`: open records are not supported")
            }
            type = .record(try attributes(members["attributes"], in: namespace, at: "\(path).attributes"))
        case "Entity", "EntityOrCommon":
            allowed.insert("name")
            guard let reference = members["name"]?.stringValue else {
                throw PolicyError(.invalidSchema, "`\(path)` is an `\(name)` type without a string `name`")
            }
            if name == "EntityOrCommon", let common = Self.resolve(reference, in: namespace, among: declaredCommonTypes)
            {
                type = try commonType(common)
            } else if let entity = Self.resolve(reference, in: namespace, among: declaredEntityTypes) {
                type = .entity([entity])
            } else {
                throw PolicyError(
                    .invalidSchema, "`\(path).name` names `\(reference)`, which the schema does not declare")
            }
        case "Extension":
            throw PolicyError(.invalidSchema, "`\(path)` is an extension type, which this engine does not support")
        case let name where Self.extensionTypeNames.contains(name):
            throw PolicyError(
                .invalidSchema, "`\(path)` is the extension type `\(name)`, which this engine does not support")
        default:
            guard let common = Self.resolve(name, in: namespace, among: declaredCommonTypes) else {
                throw PolicyError(
                    .invalidSchema, "`\(path).type` is `\(name)`, which is neither a type nor a declared common type")
            }
            type = try commonType(common)
        }
        try Self.checkMembers(members, allowed: allowed, at: path)
        return type
    }

    /// A declared common type, resolved once.
    mutating func commonType(_ name: String) throws(PolicyError) -> SchemaType {
        if let resolved = resolvedCommonTypes[name] { return resolved }
        let declaration = declaredCommonTypes[name]!  // INVARIANT: callers pass a name from `resolve(_:in:among:)`.
        guard resolving.insert(name).inserted else {
            throw PolicyError(.invalidSchema, "`\(declaration.path)` refers to itself")
        }
        let resolved = try type(declaration.json, in: declaration.namespace, at: declaration.path)
        resolving.remove(name)
        resolvedCommonTypes[name] = resolved
        return resolved
    }

    /// A record type's `attributes` member.
    mutating func attributes(
        _ json: JSONValue?, in namespace: String, at path: String
    ) throws(PolicyError) -> [String: SchemaType.Attribute] {
        guard let json else { throw PolicyError(.invalidSchema, "`\(path)` is missing") }
        var attributes: [String: SchemaType.Attribute] = [:]
        for (name, attribute) in try Self.object(json, at: path).sorted(by: { $0.key < $1.key }) {
            let attributePath = "\(path).\(name)"
            let required = Self.object(attribute)?["required"] ?? true
            guard let isRequired = required.boolValue else {
                throw PolicyError(.invalidSchema, "`\(attributePath).required` must be a boolean")
            }
            attributes[name] = SchemaType.Attribute(
                type: try type(attribute, in: namespace, at: attributePath), isRequired: isRequired)
        }
        return attributes
    }

    /// An entity type's `shape` or an action's `context`: absent, or a type that is a record.
    mutating func record(
        _ json: JSONValue?, in namespace: String, at path: String
    ) throws(PolicyError) -> [String: SchemaType.Attribute] {
        guard let json else { return [:] }
        guard case .record(let attributes) = try type(json, in: namespace, at: path) else {
            throw PolicyError(.invalidSchema, "`\(path)` must be a `Record` type")
        }
        return attributes
    }
}
