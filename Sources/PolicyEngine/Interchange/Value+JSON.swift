import JSON

/// Cedar's JSON forms for values, entity references, requests and entity lists.
extension Value {
    /// A value from Cedar's JSON value form: booleans, integers (Long), strings, arrays (sets),
    /// objects (records), and `{"__entity": {"type": …, "id": …}}` for entity references.
    /// - Throws: `PolicyError` with `code` for anything else (null, fractions, extension values).
    public init(json: JSONValue, code: PolicyError.Code, at path: @autoclosure () -> String) throws(PolicyError) {
        switch json {
        case .bool(let flag): self = .bool(flag)
        case .string(let text): self = .string(text)
        case .number(let number):
            guard number.isInteger, let long = number.int64Value else {
                throw PolicyError(code, "`\(path())` is `\(number)`, but Cedar numbers are 64-bit integers")
            }
            self = .long(long)
        case .array(let elements):
            var set = Set<Value>(minimumCapacity: elements.count)
            for (offset, element) in elements.enumerated() {
                set.insert(try Value(json: element, code: code, at: "\(path())[\(offset)]"))
            }
            self = .set(set)
        case .object(let members):
            if let reference = members["__entity"] {
                guard members.count == 1 else {
                    throw PolicyError(code, "`\(path())` mixes `__entity` with other members")
                }
                self = .entity(try EntityUID(json: reference, code: code, at: "\(path()).__entity"))
                return
            }
            if members["__extn"] != nil {
                throw PolicyError(code, "`\(path())` is an extension value, which this engine does not support")
            }
            var record = Record()
            for (key, member) in members { record[key] = try Value(json: member, code: code, at: "\(path()).\(key)") }
            self = .record(record)
        case .null:
            throw PolicyError(code, "`\(path())` is null, which Cedar values cannot be")
        }
    }

    /// The value in Cedar's JSON value form. Set elements are written in canonical-JSON order,
    /// so equal values always encode alike.
    public var json: JSONValue {
        switch self {
        case .bool(let flag): return .bool(flag)
        case .long(let long): return .number(JSONNumber(long))
        case .string(let text): return .string(text)
        case .entity(let uid): return ["__entity": uid.json]
        case .set(let elements):
            let encoded = elements.map { element in
                let json = element.json  // once: nested sets would otherwise double the work per level
                return (json.canonicalBytes, json)
            }
            return .array(encoded.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1))
        case .record(let members):
            var object: [String: JSONValue] = [:]
            for (key, value) in members { object[key] = value.json }
            return .object(object)
        }
    }
}

extension EntityUID {
    /// `{"type": "User", "id": "alice"}`, or the same wrapped in `{"__entity": …}`.
    public init(json: JSONValue, code: PolicyError.Code, at path: @autoclosure () -> String) throws(PolicyError) {
        var json = json
        if let inner = json["__entity"] { json = inner }
        guard case .object(let members) = json, let type = members["type"]?.stringValue,
            let id = members["id"]?.stringValue
        else {
            throw PolicyError(code, "`\(path())` must be an entity reference `{\"type\": …, \"id\": …}`")
        }
        guard !type.isEmpty else { throw PolicyError(code, "`\(path()).type` is empty") }
        self.init(type: type, id: id)
    }

    /// `{"type": …, "id": …}`.
    public var json: JSONValue { ["type": .string(type), "id": .string(id)] }
}

extension Request {
    /// A request in Cedar's JSON form: `principal`, `action`, `resource` (entity references) and
    /// an optional `context` record.
    /// - Throws: `policy.invalid_request` naming the member at fault.
    public init(json: JSONValue) throws(PolicyError) {
        guard case .object(let members) = json else {
            throw PolicyError(.invalidRequest, "a request must be a JSON object")
        }
        func uid(_ name: String) throws(PolicyError) -> EntityUID {
            guard let value = members[name] else { throw PolicyError(.invalidRequest, "the request has no `\(name)`") }
            return try EntityUID(json: value, code: .invalidRequest, at: name)
        }
        var context = Record()
        if let contextJSON = members["context"] {
            guard case .record(let record) = try Value(json: contextJSON, code: .invalidRequest, at: "context") else {
                throw PolicyError(.invalidRequest, "`context` must be a JSON object")
            }
            context = record
        }
        self.init(
            principal: try uid("principal"), action: try uid("action"), resource: try uid("resource"), context: context)
    }

    /// The request in Cedar's JSON form.
    public var json: JSONValue {
        [
            "principal": principal.json, "action": action.json, "resource": resource.json,
            "context": Value.record(context).json,
        ]
    }
}

extension Entities {
    /// An entity list in Cedar's JSON form: `[{"uid": …, "attrs": {…}, "parents": […]}, …]`.
    /// `tags` are accepted and ignored (the supported language cannot read them). As in Cedar, a
    /// uid may appear only once.
    /// - Throws: `policy.invalid_entities` naming the entity at fault.
    public init(json: JSONValue) throws(PolicyError) {
        guard case .array(let list) = json else {
            throw PolicyError(.invalidEntities, "entities must be a JSON array")
        }
        var entities: [Entity] = []
        entities.reserveCapacity(list.count)
        var seen: Set<EntityUID> = []
        for (offset, item) in list.enumerated() {
            func path() -> String { "entities[\(offset)]" }
            guard case .object(let members) = item, let uidJSON = members["uid"] else {
                throw PolicyError(.invalidEntities, "`\(path())` must be an object with a `uid`")
            }
            let uid = try EntityUID(json: uidJSON, code: .invalidEntities, at: "\(path()).uid")
            guard seen.insert(uid).inserted else {
                throw PolicyError(.invalidEntities, "`\(path())` repeats entity `\(uid)`")
            }
            var attributes = Record()
            if let attrs = members["attrs"] {
                guard case .record(let record) = try Value(json: attrs, code: .invalidEntities, at: "\(path()).attrs")
                else {
                    throw PolicyError(.invalidEntities, "`\(path()).attrs` must be an object")
                }
                attributes = record
            }
            var parents: [EntityUID] = []
            if let parentsJSON = members["parents"] {
                guard case .array(let parentList) = parentsJSON else {
                    throw PolicyError(.invalidEntities, "`\(path()).parents` must be an array")
                }
                for (index, parent) in parentList.enumerated() {
                    parents.append(
                        try EntityUID(json: parent, code: .invalidEntities, at: "\(path()).parents[\(index)]"))
                }
            }
            entities.append(Entity(uid: uid, attributes: attributes, parents: parents))
        }
        self.init(entities)
    }
}
