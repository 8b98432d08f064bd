import JSON

extension SchemaReader {
    // MARK: - Names

    /// A list of entity type names (`memberOfTypes`, `principalTypes`, `resourceTypes`), qualified.
    func entityTypeNames(_ json: JSONValue?, in namespace: String, at path: String) throws(PolicyError) -> [String] {
        guard let json else { return [] }
        guard case .array(let names) = json else { throw PolicyError(.invalidSchema, "`\(path)` must be an array") }
        var resolved: [String] = []
        for (offset, name) in names.enumerated() {
            guard let name = name.stringValue else {
                throw PolicyError(.invalidSchema, "`\(path)[\(offset)]` must be an entity type name")
            }
            guard let entity = Self.resolve(name, in: namespace, among: declaredEntityTypes) else {
                throw PolicyError(
                    .invalidSchema, "`\(path)[\(offset)]` names `\(name)`, which the schema does not declare")
            }
            resolved.append(entity)
        }
        return resolved
    }

    /// An action's `memberOf`: `[{"id": "group"}]`, with an optional `type` for another namespace's actions.
    func actionGroups(_ json: JSONValue?, in namespace: String, at path: String) throws(PolicyError) -> [EntityUID] {
        guard let json else { return [] }
        guard case .array(let references) = json else {
            throw PolicyError(.invalidSchema, "`\(path)` must be an array")
        }
        var groups: [EntityUID] = []
        for (offset, reference) in references.enumerated() {
            let referencePath = "\(path)[\(offset)]"
            guard let members = Self.object(reference), let id = members["id"]?.stringValue,
                members["type"] == nil || members["type"]?.stringValue != nil
            else {
                throw PolicyError(.invalidSchema, "`\(referencePath)` must be an action reference `{\"id\": …}`")
            }
            try Self.checkMembers(members, allowed: ["id", "type"], at: referencePath)
            let type = members["type"]?.stringValue ?? "Action"
            let candidates = [Self.qualify(type, in: namespace), type].map { EntityUID(type: $0, id: id) }
            guard let group = candidates.first(where: { declaredActions[$0] != nil }) else {
                throw PolicyError(
                    .invalidSchema, "`\(referencePath)` names `\(candidates[0])`, which the schema does not declare")
            }
            groups.append(group)
        }
        return groups
    }

    /// The declared name that `name` means inside `namespace`: `namespace::name` when declared,
    /// else `name` itself.
    static func resolve<Value>(_ name: String, in namespace: String, among declared: [String: Value]) -> String? {
        let local = qualify(name, in: namespace)
        if declared[local] != nil { return local }
        return declared[name] != nil ? name : nil
    }

    static func qualify(_ name: String, in namespace: String) -> String {
        namespace.isEmpty ? name : "\(namespace)::\(name)"
    }

    // MARK: - JSON helpers

    static func object(_ json: JSONValue) -> [String: JSONValue]? { json.objectValue }

    static func object(_ json: JSONValue, at path: String) throws(PolicyError) -> [String: JSONValue] {
        guard case .object(let members) = json else {
            throw PolicyError(.invalidSchema, "`\(path)` must be a JSON object, found \(json.typeName)")
        }
        return members
    }

    static func checkMembers(_ members: [String: JSONValue], allowed: Set<String>, at path: String) throws(PolicyError)
    {
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw PolicyError(.invalidSchema, "`\(path)` has the unsupported member `\(unknown)`")
        }
    }

    /// `""`, or identifiers joined by `::`.
    static func isNamespace(_ name: String) -> Bool {
        name.isEmpty
            || name.split(separator: "::", omittingEmptySubsequences: false).allSatisfy { isIdentifier(String($0)) }
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
        }
    }

    /// Every node reachable from `start` through `edges`, `start` excluded unless on a cycle.
    static func closure<Node: Hashable>(of start: Node, _ edges: [Node: [Node]]) -> Set<Node> {
        var reached: Set<Node> = []
        var pending = edges[start] ?? []
        while let node = pending.popLast() {
            if reached.insert(node).inserted { pending += edges[node] ?? [] }
        }
        return reached
    }
}
