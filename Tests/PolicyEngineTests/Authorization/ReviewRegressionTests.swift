import JSON
import Testing

@testable import PolicyEngine

/// Defects found in review, each held down by a test.
struct ReviewRegressionTests {
    static func decide(
        _ text: String, _ entities: [Entity] = [], context: Record = [:], options: Authorizer.Options = .init()
    ) throws -> Decision {
        let set = try PolicySet(sources: [.init(name: "p.cedar", text: text)])
        let request = Request(
            principal: EntityUID(type: "User", id: "u"), action: EntityUID(type: "Action", id: "a"),
            resource: EntityUID(type: "Doc", id: "d"), context: context)
        return Authorizer(policySet: set, options: options).authorize(request, entities: Entities(entities))
    }

    @Test(.timeLimit(.minutes(1)))
    func explainsDeeplyNestedSetsInLinearTime() throws {
        var nested = JSONValue.array([1])
        for _ in 0..<100 { nested = .array([nested]) }
        let context = try #require(try Value(json: ["a": nested], code: .invalidRequest, at: "context").recordValue)
        let decision = try Self.decide(
            #"@id("p") permit(principal, action, resource) when { context.a == 1 };"#, context: context)
        #expect(decision.denial?.violations.first?.checks.first?.actual != nil)
        #expect(!decision.encodedJSON().isEmpty)
    }

    @Test func rejectsExpressionsNestedTooDeeply() {
        let parentheses = String(repeating: "(", count: 300) + "true" + String(repeating: ")", count: 300)
        let chain = Array(repeating: "1", count: 5_000).joined(separator: " + ")
        for body in [parentheses, "\(chain) == 0"] {
            #expect(throws: PolicyError(.nestingTooDeep, "")) {
                try PolicySet(sources: [.init(name: "p", text: "permit(principal, action, resource) when { \(body) };")]
                )
            }
        }
    }

    @Test(arguments: ["!-1 == 1", "-!true", #""\x+1" == """#, #""\u{+41}" == "A""#])
    func rejectsWhatCedarRejects(_ body: String) {
        #expect(throws: PolicyError.self) {
            try PolicySet(sources: [.init(name: "p", text: "permit(principal, action, resource) when { \(body) };")])
        }
    }

    @Test func rejectsAnEmptyPolicyID() {
        #expect(throws: PolicyError(.invalidPolicyID, "")) {
            try PolicySet(sources: [.init(name: "p", text: "@id permit(principal, action, resource);")])
        }
        #expect(
            PolicySet.diagnose([.init(name: "p", text: "@id(\"\") permit(principal, action, resource);")]).map(\.code)
                == [.invalidPolicyID])
    }

    @Test func rejectsRepeatedEntitiesInJSON() throws {
        let json = try JSONValue.parse(#"[{"uid": {"type": "U", "id": "a"}}, {"uid": {"type": "U", "id": "a"}}]"#)
        let error = try #require(throws: PolicyError.self) { try Entities(json: json) }
        #expect(error.code == .invalidEntities)
        #expect(error.message.contains("`entities[1]` repeats entity `U::\"a\"`"))
    }

    @Test func failedDisjunctionCitesEveryAlternativeIncludingTheMissingAttribute() throws {
        let decision = try Self.decide(
            #"@id("p") permit(principal, action, resource) when { principal.missing == 1 || principal.x == 3 };"#,
            [Entity(uid: EntityUID(type: "User", id: "u"), attributes: ["x": .long(2)])])
        let checks = try #require(decision.denial?.violations.first?.checks)
        #expect(checks.map(\.op) == [.has, .eq])
        #expect(checks.map(\.attribute) == ["principal.missing", "principal.x"])
        #expect(checks[1].actual == .long(2) && checks[1].expected == .long(3))
    }

    @Test func typeErrorsInTheOperatorItselfAreAttached() throws {
        let decision = try Self.decide(
            #"@id("p") permit(principal, action, resource) when { principal.x >= 4 && principal.y };"#,
            [Entity(uid: EntityUID(type: "User", id: "u"), attributes: ["x": .string("5"), "y": .bool(false)])])
        let check = try #require(decision.denial?.violations.first?.checks.first)
        #expect(check.op == .ge)
        #expect(check.actual == .string("5"))
        #expect(check.error?.code == .typeError)
    }

    @Test func aFailedHasIsCountedOnceNotAgainByTheChecksThatNeedIt() throws {
        let decision = try Self.decide(
            """
            @id("guarded") permit(principal, action, resource) when { principal has clearance && principal.clearance > 3 };
            @id("one-miss") permit(principal, action, resource) when { principal.role == "admin" && principal.level > 0 };
            """,
            [Entity(uid: EntityUID(type: "User", id: "u"), attributes: ["role": .string("viewer"), "level": .long(1)])])
        let violations = try #require(decision.denial?.violations)
        // Both fail exactly one check, so set order decides: `guarded` first, citing `has` once.
        #expect(violations.map(\.policy.rawValue) == ["guarded", "one-miss"])
        #expect(violations[0].checks.map(\.op) == [.has])
    }

    @Test func failsClosedOnAForbidThatCannotBeEvaluatedWhenAsked() throws {
        let text = """
            @id("allow") permit(principal, action, resource);
            @id("gate") @code("authz.gate") forbid(principal, action, resource) when { principal.level < 3 };
            """
        let open = try Self.decide(text)
        #expect(open.effect == .allow)  // Cedar: the failing forbid is skipped
        #expect(open.errors.map(\.policy.rawValue) == ["gate"])
        let closed = try Self.decide(text, options: .init(failsClosed: true))
        #expect(closed.effect == .deny)
        #expect(closed.determining.map(\.rawValue) == ["gate"])
        #expect(closed.denial?.kind == .forbidden)
        let violation = try #require(closed.denial?.violations.first)
        #expect(violation.code == "authz.gate")
        #expect(violation.checks.map(\.op) == [.has])
        #expect(violation.checks.map(\.attribute) == ["principal.level"])
        #expect(closed.errors.map(\.policy.rawValue) == ["gate"])
    }
}

extension Value {
    var recordValue: Record? {
        if case .record(let record) = self { return record }
        return nil
    }
}
