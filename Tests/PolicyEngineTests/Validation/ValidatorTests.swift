import JSON
import Testing

@testable import PolicyEngine

/// Validating policies against a schema: each error's code, `line:column` and wording.
struct ValidatorTests {
    static let schemaText = """
        { "": {
            "commonTypes": { "Labels": {"type": "Set", "element": {"type": "String"}} },
            "entityTypes": {
              "User": { "memberOfTypes": ["Group"], "shape": {"type": "Record", "attributes": {
                  "tenant": {"type": "String"}, "clearance": {"type": "Long", "required": false},
                  "manager": {"type": "Entity", "name": "User"}, "labels": {"type": "Labels"},
                  "active": {"type": "Boolean"} } } },
              "Group": { "memberOfTypes": ["Group"] },
              "Service": { "shape": {"type": "Record", "attributes": {"tenant": {"type": "String"}}} },
              "Doc": { "memberOfTypes": ["Folder"], "shape": {"type": "Record", "attributes": {
                  "owner": {"type": "Entity", "name": "User"}, "tenant": {"type": "String"},
                  "level": {"type": "Long"}, "readers": {"type": "Set", "element": {"type": "Entity", "name": "User"}},
                  "review": {"type": "Record", "required": false, "attributes": {
                      "by": {"type": "Entity", "name": "User"}, "score": {"type": "Long", "required": false} }} } } },
              "Folder": {} },
            "actions": {
              "read": { "memberOf": [{"id": "readOnly"}], "appliesTo": {
                  "principalTypes": ["User"], "resourceTypes": ["Doc"],
                  "context": {"type": "Record", "attributes": {
                      "purpose": {"type": "String", "required": false}, "mfa": {"type": "Boolean"} }} } },
              "list": { "memberOf": [{"id": "readOnly"}], "appliesTo": {
                  "principalTypes": ["User", "Service"], "resourceTypes": ["Doc", "Folder"] } },
              "delete": { "appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Doc"]} },
              "readOnly": {} } } }
        """

    static func errors(_ text: String) throws -> [PolicyError] {
        let schema = try Schema(json: try JSONValue.parse(schemaText))
        return Validator.validate(try PolicySet(sources: [.init(name: "p.cedar", text: text)]), against: schema)
    }

    /// The only error, as `code line:column`, and its message.
    static func onlyError(_ text: String) throws -> (where: String, message: String) {
        let errors = try errors(text)
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        let span = try #require(error.span)
        #expect(span.source == "p.cedar")
        return ("\(error.code) \(span.start.line):\(span.start.column)", error.message)
    }

    // MARK: - One test per error kind

    @Test func reportsAnUnknownAttributeWithTheKnownOnes() throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when {
                principal.clerance > 3
            };
            """)
        #expect(location == "policy.unknown_attribute 3:5")
        #expect(message.hasPrefix("`User` has no attribute `clerance`; "))
        #expect(message.hasSuffix("its attributes are `active`, `clearance`, `labels`, `manager`, `tenant`"))
    }

    @Test func reportsAnUnknownContextAttribute() throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when { context["purpse"] == "audit" };
            """)
        #expect(location == "policy.unknown_attribute 2:8")
        #expect(message == "`context` has no attribute `purpse`; its attributes are `mfa`, `purpose`")
    }

    @Test func reportsAttributesOfActions() throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when {
                action.name == "read"
            };
            """)
        #expect(location == "policy.unknown_attribute 3:5")
        #expect(message.contains("actions have no attributes"))
    }

    @Test func reportsATypeMismatch() throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when {
                resource.level > 2 &&
                principal.tenant < 3
            };
            """)
        #expect(location == "policy.type_mismatch 4:5")
        #expect(message == "`<` needs `Long` operands, found `String`")
    }

    @Test func reportsANonBooleanCondition() throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when {
                resource.level
            };
            """)
        #expect(location == "policy.type_mismatch 3:5")
        #expect(message == "a `when` condition must be a boolean, found `Long`")
    }

    @Test func checksUnlessClauses() throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when { principal.active }
            unless {
                principal.tenant + 1 > 2
            };
            """)
        #expect(location == "policy.type_mismatch 4:5")
        #expect(message == "`+` needs `Long` operands, found `String`")
    }

    @Test func checksIfConditionsAndBranches() throws {
        let errors = try Self.errors(
            """
            permit (principal, action == Action::"read", resource)
            when {
                if principal.tenant then true else principal.levle > 1
            };
            """)
        #expect(errors.map(\.code) == [.typeMismatch, .unknownAttribute])
        #expect(errors.map { "\($0.span!.start.line):\($0.span!.start.column)" } == ["3:8", "3:40"])
        #expect(errors[0].message == "an `if` condition must be a boolean, found `String`")
        #expect(errors[1].message.hasPrefix("`User` has no attribute `levle`"))
    }

    @Test func reportsAnImpossibleComparison() throws {
        let (location, message) = try Self.onlyError(
            """
            forbid (principal, action in Action::"readOnly", resource is Doc)
            when {
                resource.tenant == "t" &&
                  resource.level == "high"
            };
            """)
        #expect(location == "policy.impossible_comparison 4:7")
        #expect(message == "`==` compares `Long` with `String`, which are never equal")
    }

    @Test func reportsEntitiesOfDisjointTypesAsNeverEqual() throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when { principal != resource.owner || resource == principal };
            """)
        #expect(location == "policy.impossible_comparison 2:39")
        #expect(message == "`==` compares `Doc` with `User`, which are never equal")
    }

    @Test func reportsAnOptionalAttributeReadWithoutHas() throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when {
                principal has tenant &&
                principal.clearance >= 3
            };
            """)
        #expect(location == "policy.unsafe_optional_attribute 4:5")
        #expect(
            message == "attribute `clearance` of `User` is optional; test `principal has clearance` before reading it")
    }

    @Test func reportsAnOptionalAttributeGuardedOnlyInTheOtherBranch() throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when {
                if context has purpose then true else context.purpose == "x"
            };
            """)
        #expect(location == "policy.unsafe_optional_attribute 3:43")
        #expect(message.contains("test `context has purpose`"))
    }

    @Test func reportsUnknownEntityTypesInScopeAndExpressions() throws {
        let errors = try Self.errors(
            """
            permit (principal == Usr::"alice", action, resource);
            permit (principal, action == Action::"read", resource)
            when {
                principal in Grp::"admins" || resource is Dok
            };
            """)
        #expect(errors.map(\.code) == [.unknownEntityType, .unknownEntityType, .unknownEntityType])
        #expect(errors.map { "\($0.span!.start.line):\($0.span!.start.column)" } == ["1:1", "4:18", "4:35"])
        #expect(errors[0].message == "the principal scope names entity type `Usr`, which the schema does not declare")
        #expect(errors[1].message == "the schema declares no entity type `Grp`")
        #expect(errors[2].message == "the schema declares no entity type `Dok`")
    }

    @Test func reportsUnknownActions() throws {
        let errors = try Self.errors(
            """
            permit (principal, action == Action::"raed", resource);
            permit (principal, action in [Action::"read", Action::"wirte"], resource)
            when {
                principal.tennant == "a" && action != Action::"reed"
            };
            """)
        #expect(
            errors.map(\.code) == [.unknownAction, .unknownAction, .unknownAttribute, .unknownAction])
        #expect(errors.map { "\($0.span!.start.line):\($0.span!.start.column)" } == ["1:1", "2:1", "4:5", "4:43"])
        #expect(errors[0].message == #"the action scope names `Action::"raed"`, which the schema does not declare"#)
        #expect(errors[1].message.contains(#"`Action::"wirte"`"#))
        #expect(errors[3].message == #"the schema declares no action `Action::"reed"`"#)
    }

    @Test func reportsImpossibleScopes() throws {
        let errors = try Self.errors(
            """
            permit (principal is Service, action == Action::"read", resource);
            permit (principal, action == Action::"readOnly", resource);
            permit (principal in Group::"g", action, resource is Folder in Doc::"d");
            permit (principal is User in Doc::"d", action, resource);
            """)
        #expect(errors.map(\.code) == Array(repeating: .impossibleScope, count: 4))
        #expect(errors.map { $0.span!.start.line } == [1, 2, 3, 4])
        #expect(errors[0].message == "no principal, action and resource the schema allows match this scope")
    }

    @Test func reportsEachErrorOnceAcrossEnvironments() throws {
        // Three environments (read, list and delete on User × Doc) find the same typo.
        let (location, message) = try Self.onlyError(
            """
            permit (principal is User, action, resource is Doc)
            when { resource.levle > 1 };
            """)
        #expect(location == "policy.unknown_attribute 2:8")
        #expect(message.hasPrefix("`Doc` has no attribute `levle`"))
    }

    @Test func keepsDifferentMessagesAtOneSpan() throws {
        // `list` applies to Doc and Folder: each lacks `levle`, and says which attributes it has.
        let errors = try Self.errors(
            """
            permit (principal, action == Action::"list", resource)
            when { resource.levle > 1 };
            """)
        #expect(errors.map(\.code) == [.unknownAttribute, .unknownAttribute])
        #expect(
            errors.map(\.message).sorted() == [
                "`Doc` has no attribute `levle`; its attributes are `level`, `owner`, `readers`, `review`, `tenant`",
                "`Folder` has no attribute `levle`; it has no attributes",
            ])
    }

    @Test func reportsAnImpossibleComparisonOnceForSeveralTypes() throws {
        // `list` lets the principal be a `User` or a `Service`: never a string, either way.
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"list", resource)
            when { principal == "alice" };
            """)
        #expect(location == "policy.impossible_comparison 2:8")
        #expect(message.hasSuffix("with `String`, which are never equal"))
    }

    @Test func reportsErrorsInSourceOrder() throws {
        let errors = try Self.errors(
            """
            permit (principal, action == Action::"read", resource)
            when { 1 + "a" > 0 }
            when { -principal.tenant > 0 && !resource.level };
            permit (principal, action == Action::"raed", resource);
            """)
        #expect(errors.map { "\($0.span!.start.line):\($0.span!.start.column)" } == ["2:12", "3:9", "3:34", "4:1"])
    }

    @Test func validatesNamespacedPolicies() throws {
        let schema = try Schema(
            json: try JSONValue.parse(
                """
                {"Acme": {"entityTypes": {"Doc": {},
                          "User": {"shape": {"type": "Record", "attributes": {"name": {"type": "String"}}}}},
                          "actions": {"view": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Doc"]}}}}}
                """))
        let policies = try PolicySet(sources: [
            .init(
                name: "acme.cedar",
                text: """
                    permit (principal is Acme::User, action == Acme::Action::"view", resource)
                    when { principal.name == "a" || principal.nme == "b" || resource is User };
                    """)
        ])
        let errors = Validator.validate(policies, against: schema)
        #expect(errors.map(\.code) == [.unknownAttribute, .unknownEntityType])
        #expect(
            errors.map(\.description) == [
                "acme.cedar:2:33: policy.unknown_attribute: "
                    + "`Acme::User` has no attribute `nme`; its attributes are `name`",
                "acme.cedar:2:57: policy.unknown_entity_type: the schema declares no entity type `User`",
            ])
    }

    // MARK: - Operator rules

    /// A condition on line 3, the code and column of its one error, and a fragment of the message.
    struct Case: Sendable, CustomTestStringConvertible {
        var condition: String
        var code: String
        var column: Int
        var message: String
        var testDescription: String { condition }
    }

    static let cases: [Case] = [
        .init(
            condition: "principal.active && 1", code: "type_mismatch", column: 25,
            message: "`&&` needs boolean operands"),
        .init(condition: "\"a\" || principal.active", code: "type_mismatch", column: 5, message: "`||` needs boolean"),
        .init(
            condition: "!resource.level", code: "type_mismatch", column: 6, message: "`!` needs a boolean, found `Long`"
        ),
        .init(
            condition: "-principal.active < 0", code: "type_mismatch", column: 6, message: "unary `-` needs a `Long`"),
        .init(condition: "resource.level * \"2\" == 4", code: "type_mismatch", column: 22, message: "`*` needs `Long`"),
        .init(
            condition: "resource.level like \"1*\"", code: "type_mismatch", column: 5,
            message: "`like` needs a `String`"),
        .init(
            condition: "principal.tenant.contains(\"a\")", code: "type_mismatch", column: 5,
            message: "`.contains` needs a set"),
        .init(
            condition: "principal.labels.containsAll(\"a\")", code: "type_mismatch", column: 34, message: "set argument"
        ),
        .init(condition: "principal.labels.containsAny(1)", code: "type_mismatch", column: 34, message: "found `Long`"),
        .init(
            condition: "resource.level.isEmpty()", code: "type_mismatch", column: 5, message: "`.isEmpty` needs a set"),
        .init(
            condition: "principal.tenant in Group::\"g\"", code: "type_mismatch", column: 5,
            message: "entity on the left"),
        .init(condition: "principal in principal.labels", code: "type_mismatch", column: 18, message: "`Set<String>`"),
        .init(
            condition: "resource.level has x", code: "type_mismatch", column: 5,
            message: "`has` needs an entity or a record"),
        .init(condition: "principal.tenant is User", code: "type_mismatch", column: 5, message: "`is` needs an entity"),
        .init(
            condition: "principal.tenant.size > 1", code: "type_mismatch", column: 5, message: "attribute `size`"),
        .init(
            condition: "principal.active == 1", code: "impossible_comparison", column: 5, message: "`Bool` with"),
        .init(
            condition: "principal != \"alice\"", code: "impossible_comparison", column: 5,
            message: "`User` with `String`"),
        .init(
            condition: "principal.labels == {}", code: "impossible_comparison", column: 5, message: "with `record`"),
        .init(
            condition: "resource.review.by == principal", code: "unsafe_optional_attribute", column: 5,
            message: "`review`"),
        .init(
            condition: "resource has review && resource.review.score > 1", code: "unsafe_optional_attribute",
            column: 28,
            message: "test `resource.review has score`"),
        .init(
            condition: "{a: 1}.b == 1", code: "unknown_attribute", column: 5,
            message: "`{\"a\": 1}` has no attribute `b`"),
    ]

    @Test(arguments: cases)
    func checksOperators(_ item: Case) throws {
        let (location, message) = try Self.onlyError(
            """
            permit (principal, action == Action::"read", resource)
            when {
                \(item.condition)
            };
            """)
        #expect(location == "policy.\(item.code) 3:\(item.column)")
        #expect(message.contains(item.message), "\(message)")
    }

    // MARK: - Valid policies

    static let read = #"action == Action::"read""#
    static let list = #"action == Action::"list""#

    /// `permit (principal, <action>, resource) <clauses>;` on two lines.
    static func policy(_ action: String, _ clauses: String) -> String {
        "permit (principal, \(action), resource)\n\(clauses);"
    }

    static let validPolicies: [String] = [
        // `has` guards: through `&&`, `if`, the `has a.b` chain and earlier `when` clauses.
        policy(Self.read, #"when { principal has clearance && principal.clearance > 3 }"#),
        policy(Self.read, #"when { if principal has clearance then principal.clearance > 3 else false }"#),
        policy(Self.read, #"when { resource has review.score && resource.review.score > 1 }"#),
        policy(Self.read, #"when { resource has review } when { resource.review.by == principal }"#),
        policy(Self.read, #"when { context has purpose && context.purpose like "audit*" && context.mfa }"#),
        // Membership through groups, in the scope and in conditions.
        #"permit (principal in Group::"admins", action in Action::"readOnly", resource in Folder::"shared");"#,
        #"permit (principal is User in Group::"admins", action in [Action::"read", Action::"delete"], resource);"#,
        policy("action", #"when { principal in Group::"admins" && resource in [Folder::"a", Folder::"b"] }"#),
        policy("action", #"when { action in Action::"readOnly" && action != Action::"list" }"#),
        // Entities, sets and records.
        policy(Self.read, #"when { principal == resource.owner || resource.readers.contains(principal) }"#),
        policy(Self.read, #"when { principal.manager.tenant == resource.tenant }"#),
        policy(Self.read, #"when { principal.labels.containsAny(["a", "b"]) && !principal.labels.isEmpty() }"#),
        policy(Self.read, #"when { [].contains(1) && {a: principal}.a.active }"#),
        policy(Self.read, #"when { resource.level + 1 * -2 <= 10 }"#),
        // Code that cannot run for a `Service` principal is not checked for one.
        policy(Self.list, #"when { principal is User && principal.active }"#),
        policy(Self.list, #"when { principal in Group::"g" && principal.active }"#),
        policy(Self.list, #"when { principal == User::"alice" || resource == Folder::"f" }"#),
        policy(Self.list, #"when { principal is User } when { principal.active }"#),
        policy("action", #"unless { principal is Service || principal.active }"#),
        policy(Self.read, #"when { if principal.active then principal.tenant == "a" else resource has owner }"#),
    ]

    @Test(arguments: validPolicies)
    func acceptsValidPolicies(_ text: String) throws {
        #expect(try Self.errors(text).map(\.description) == [])
    }
}
