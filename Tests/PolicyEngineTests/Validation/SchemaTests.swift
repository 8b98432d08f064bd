import JSON
import Testing

@testable import PolicyEngine

/// Reading Cedar's JSON schema format (the supported subset).
struct SchemaTests {
    /// The schema of the validator's documentation, with the `Doc` type it applies `read` to.
    static let sample = """
        { "": { "commonTypes": { "Labels": {"type": "Set", "element": {"type": "String"}} },
                "entityTypes": {
                  "User": { "memberOfTypes": ["Group"], "shape": {"type": "Record", "attributes": {
                       "tenant": {"type": "String"}, "clearance": {"type": "Long", "required": false},
                       "manager": {"type": "Entity", "name": "User"}, "labels": {"type": "Labels"} } } },
                  "Group": {},
                  "Doc": {} },
                "actions": {
                  "read": { "memberOf": [{"id": "readOnly"}], "appliesTo": {
                             "principalTypes": ["User"], "resourceTypes": ["Doc"],
                             "context": {"type": "Record", "attributes": {
                                 "purpose": {"type": "String", "required": false}}} } },
                  "readOnly": {} } } }
        """

    static func schema(_ text: String) throws -> Schema {
        try Schema(json: try JSONValue.parse(text))
    }

    @Test func readsTheSample() throws {
        let schema = try Self.schema(Self.sample)
        #expect(Set(schema.entityTypes.keys) == ["User", "Group", "Doc"])
        let user = try #require(schema.entityTypes["User"])
        #expect(user.ancestorTypes == ["Group"])
        #expect(user.attributes["tenant"] == .init(type: .string, isRequired: true))
        #expect(user.attributes["clearance"] == .init(type: .long, isRequired: false))
        #expect(user.attributes["manager"] == .init(type: .entity(["User"]), isRequired: true))
        #expect(user.attributes["labels"] == .init(type: .set(.string), isRequired: true))

        let read = try #require(schema.actions[EntityUID(type: "Action", id: "read")])
        #expect(read.ancestors == [EntityUID(type: "Action", id: "readOnly")])
        #expect(read.principalTypes == ["User"])
        #expect(read.resourceTypes == ["Doc"])
        #expect(read.context["purpose"] == .init(type: .string, isRequired: false))

        let readOnly = try #require(schema.actions[EntityUID(type: "Action", id: "readOnly")])
        #expect(readOnly.principalTypes.isEmpty && readOnly.resourceTypes.isEmpty)  // no `appliesTo`: nothing
    }

    @Test func rejectsAnAppliesToTypeThatIsNotDeclared() throws {
        // The sample as first drafted, without `Doc`: Cedar rejects undeclared types in `appliesTo` too.
        let draft = Self.sample.replacing("\"Group\": {},\n          \"Doc\": {} },", with: "\"Group\": {} },")
        #expect(draft != Self.sample)
        let error = try #require(throws: PolicyError.self) { try Self.schema(draft) }
        #expect(error.code == .invalidSchema)
        #expect(error.message.contains("`\"\".actions.read.appliesTo.resourceTypes[0]` names `Doc`"))
    }

    @Test func resolvesNamesInsideNamespaces() throws {
        let schema = try Self.schema(
            """
            { "Acme::Core": {
                "commonTypes": { "Person": {"type": "Record", "attributes": {"name": {"type": "String"}}} },
                "entityTypes": {
                  "User": { "memberOfTypes": ["Group", "Tenant"], "shape": {"type": "Record", "attributes": {
                    "team": {"type": "Entity", "name": "Group"},
                    "home": {"type": "Entity", "name": "Tenant"},
                    "peer": {"type": "Entity", "name": "Acme::Core::User"},
                    "person": {"type": "EntityOrCommon", "name": "Person"},
                    "boss": {"type": "EntityOrCommon", "name": "User"},
                    "profile": {"type": "Person"} } } },
                  "Group": {} },
                "actions": {
                  "view": { "memberOf": [{"id": "all"}, {"id": "global", "type": "Action"}],
                            "appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Tenant"]} },
                  "all": {} } },
              "": { "entityTypes": { "Tenant": {}, "Group": {} }, "actions": { "global": {} } } }
            """)
        #expect(Set(schema.entityTypes.keys) == ["Acme::Core::User", "Acme::Core::Group", "Tenant", "Group"])
        let user = try #require(schema.entityTypes["Acme::Core::User"])
        #expect(user.ancestorTypes == ["Acme::Core::Group", "Tenant"])  // the local `Group` wins
        #expect(user.attributes["team"]?.type == .entity(["Acme::Core::Group"]))
        #expect(user.attributes["home"]?.type == .entity(["Tenant"]))
        #expect(user.attributes["peer"]?.type == .entity(["Acme::Core::User"]))
        #expect(user.attributes["boss"]?.type == .entity(["Acme::Core::User"]))
        let person = SchemaType.record(["name": .init(type: .string, isRequired: true)])
        #expect(user.attributes["person"]?.type == person)
        #expect(user.attributes["profile"]?.type == person)

        let view = try #require(schema.actions[EntityUID(type: "Acme::Core::Action", id: "view")])
        #expect(
            view.ancestors == [
                EntityUID(type: "Acme::Core::Action", id: "all"), EntityUID(type: "Action", id: "global"),
            ])
        #expect(view.principalTypes == ["Acme::Core::User"])
        #expect(view.resourceTypes == ["Tenant"])
    }

    @Test func followsActionGroupsTransitively() throws {
        let schema = try Self.schema(
            """
            {"": {"actions": {
              "read": {"memberOf": [{"id": "view"}]}, "view": {"memberOf": [{"id": "any"}]}, "any": {} }}}
            """)
        #expect(
            schema.actionsReaching(EntityUID(type: "Action", id: "any"))
                == ["read", "view", "any"].map { EntityUID(type: "Action", id: $0) }.reduce(into: []) { $0.insert($1) })
    }

    /// A malformed schema, the JSON path its error must name, and why it is wrong.
    struct Malformed: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var path: String
        var testDescription: String { name }
    }

    static func entity(_ shape: String) -> String {
        #"{"": {"entityTypes": {"User": {"shape": \#(shape)}}}}"#
    }

    static func attribute(_ type: String) -> String {
        entity(#"{"type": "Record", "attributes": {"a": \#(type)}}"#)
    }

    static func action(_ body: String) -> String {
        #"{"": {"entityTypes": {"User": {}}, "actions": {"group": {}, "read": \#(body)}}}"#
    }

    static let malformed: [Malformed] = [
        .init(name: "not an object", json: "[]", path: "a schema must be a JSON object"),
        .init(name: "namespace not an object", json: #"{"Acme": 3}"#, path: "`Acme`"),
        .init(name: "bad namespace name", json: #"{"Acme::": {}}"#, path: "`Acme::`"),
        .init(
            name: "unsupported member", json: #"{"": {"entityType": {}}}"#, path: "`\"\"` has the unsupported member"),
        .init(name: "unknown type name", json: attribute(#"{"type": "Strin"}"#), path: "shape.attributes.a.type"),
        .init(name: "type not a string", json: attribute(#"{"type": 1}"#), path: "shape.attributes.a"),
        .init(name: "missing element", json: attribute(#"{"type": "Set"}"#), path: "shape.attributes.a"),
        .init(
            name: "bad element", json: attribute(#"{"type": "Set", "element": {"type": "Float"}}"#),
            path: "shape.attributes.a.element.type"),
        .init(
            name: "extension type", json: attribute(#"{"type": "Extension", "name": "decimal"}"#),
            path: "shape.attributes.a"),
        .init(name: "bare extension type", json: attribute(#"{"type": "ipaddr"}"#), path: "shape.attributes.a"),
        .init(
            name: "unknown entity name", json: attribute(#"{"type": "Entity", "name": "Nobody"}"#),
            path: "shape.attributes.a.name"),
        .init(
            name: "unknown entity-or-common name", json: attribute(#"{"type": "EntityOrCommon", "name": "Nobody"}"#),
            path: "shape.attributes.a.name"),
        .init(
            name: "required not bool", json: attribute(#"{"type": "Long", "required": "no"}"#), path: "a.required"),
        .init(
            name: "open record",
            json: entity(#"{"type": "Record", "attributes": {}, "additionalAttributes": true}"#),
            path: "shape.additionalAttributes"),
        .init(name: "record without attributes", json: entity(#"{"type": "Record"}"#), path: "shape.attributes"),
        .init(
            name: "non-object shape", json: entity("[]"), path: "`\"\".entityTypes.User.shape` must be a JSON object"),
        .init(name: "shape not a record", json: entity(#"{"type": "String"}"#), path: "shape` must be a `Record`"),
        .init(
            name: "unknown memberOfTypes",
            json: #"{"": {"entityTypes": {"User": {"memberOfTypes": ["Group"]}}}}"#, path: "memberOfTypes[0]"),
        .init(name: "memberOf not an array", json: action(#"{"memberOf": "group"}"#), path: "read.memberOf"),
        .init(name: "memberOf without id", json: action(#"{"memberOf": [{"name": "group"}]}"#), path: "memberOf[0]"),
        .init(name: "memberOf id not a string", json: action(#"{"memberOf": [{"id": 3}]}"#), path: "memberOf[0]"),
        .init(name: "memberOf unknown action", json: action(#"{"memberOf": [{"id": "nope"}]}"#), path: "memberOf[0]"),
        .init(
            name: "unknown principal type",
            json: action(#"{"appliesTo": {"principalTypes": ["Usr"], "resourceTypes": []}}"#),
            path: "appliesTo.principalTypes[0]"),
        .init(
            name: "context not a record",
            json: action(#"{"appliesTo": {"principalTypes": [], "resourceTypes": [], "context": {"type": "Long"}}}"#),
            path: "appliesTo.context"),
        .init(
            name: "common type cycle",
            json: #"{"": {"commonTypes": {"A": {"type": "B"}, "B": {"type": "A"}}, "entityTypes": {"U": {"shape": "#
                + #"{"type": "A"}}}}}"#,
            path: "refers to itself"),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedSchemas(_ malformed: Malformed) throws {
        let json = try JSONValue.parse(malformed.json)
        let error = try #require(throws: PolicyError.self) { try Schema(json: json) }
        #expect(error.code == .invalidSchema)
        #expect(error.message.contains(malformed.path), "\(error.message)")
    }
}
