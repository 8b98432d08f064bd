import JSON
import Testing

@testable import PolicyEngine

/// Requests and entities in Cedar's JSON forms, and the errors for everything else.
struct InterchangeTests {
    @Test func readsRequestsWithEntityReferencesInContext() throws {
        let request = try Request(
            json: try JSONValue.parse(
                #"{"principal": {"type": "User", "id": "a"}, "action": {"__entity": {"type": "Action", "id": "read"}},"#
                    + #" "resource": {"type": "NS::Doc", "id": "d"}, "context": {"by": {"__entity": {"type": "User", "id": "b"}}, "n": 3, "tags": ["x", "x"]}}"#
            ))
        #expect(request.action == EntityUID(type: "Action", id: "read"))
        #expect(request.resource.type == "NS::Doc")
        #expect(request.context["by"] == .entity(EntityUID(type: "User", id: "b")))
        #expect(request.context["tags"] == .set([.string("x")]))
        #expect(try Request(json: request.json).json == request.json)
    }

    @Test(arguments: [
        (#"[]"#, "a request must be a JSON object"),
        (
            #"{"action": {"type": "A", "id": "x"}, "resource": {"type": "R", "id": "r"}}"#,
            "the request has no `principal`"
        ),
        (
            #"{"principal": {"type": "U"}, "action": {"type": "A", "id": "x"}, "resource": {"type": "R", "id": "r"}}"#,
            "`principal` must be an entity reference"
        ),
        (
            #"{"principal": {"type": "U", "id": "u"}, "action": {"type": "A", "id": "x"}, "resource": {"type": "R", "id": "r"}, "context": {"x": 1.5}}"#,
            "`context.x` is `1.5`, but Cedar numbers are 64-bit integers"
        ),
        (
            #"{"principal": {"type": "U", "id": "u"}, "action": {"type": "A", "id": "x"}, "resource": {"type": "R", "id": "r"}, "context": {"x": [null]}}"#,
            "`context.x[0]` is null"
        ),
        (
            #"{"principal": {"type": "U", "id": "u"}, "action": {"type": "A", "id": "x"}, "resource": {"type": "R", "id": "r"}, "context": []}"#,
            "`context` must be a JSON object"
        ),
    ])
    func rejectsMalformedRequestsNamingTheMember(_ text: String, _ message: String) throws {
        let error = try #require(throws: PolicyError.self) { try Request(json: try JSONValue.parse(text)) }
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test(arguments: [
        (#"{}"#, "entities must be a JSON array"),
        (#"[{"attrs": {}}]"#, "`entities[0]` must be an object with a `uid`"),
        (#"[{"uid": {"type": "U", "id": "u"}, "parents": {}}]"#, "`entities[0].parents` must be an array"),
        (
            #"[{"uid": {"type": "U", "id": "u"}, "attrs": {"d": {"__extn": {"fn": "decimal", "arg": "1.0"}}}}]"#,
            "extension value"
        ),
    ])
    func rejectsMalformedEntitiesNamingTheEntity(_ text: String, _ message: String) throws {
        let error = try #require(throws: PolicyError.self) { try Entities(json: try JSONValue.parse(text)) }
        #expect(error.code == .invalidEntities)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func writesSetsInCanonicalOrder() {
        let value = Value.set([.string("b"), .long(2), .string("a"), .bool(true)])
        #expect(value.json.encodedString(.compact) == #"["a","b",2,true]"#)
    }
}
