import JSON
import Testing

@testable import PolicyEngine

/// An expression over `context` alone evaluates with Cedar's semantics, and its errors carry
/// stable codes.
struct ExpressionEvaluatorTests {
    static let context: JSONValue = [
        "input": ["amount": 1500, "region": "eu-west-1", "tags": ["urgent", "finance"]],
        "steps": ["check": ["output": ["ok": true, "score": 7]]],
        "env": ["tenant": "t1"],
    ]

    static func evaluate(_ text: String, context: JSONValue = Self.context) throws(PolicyError) -> Value {
        try ExpressionEvaluator(parsing: text).evaluate(context: context)
    }

    static func error(_ text: String, context: JSONValue = Self.context) -> PolicyError? {
        do {
            _ = try evaluate(text, context: context)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("context.input.amount * 2 - 1000", Value.long(2000)),
        ("context.steps.check.output.score + -3", .long(4)),
        ("context.input.amount > 1000 && context.steps.check.output.ok", .bool(true)),
        ("-(context.steps.check.output.score)", .long(-7)),
    ])
    func computesArithmeticAndComparisons(_ text: String, _ want: Value) throws {
        #expect(try Self.evaluate(text) == want)
    }

    @Test func hasIsFalseNotAnErrorForAMissingAttribute() throws {
        #expect(try Self.evaluate("context.input has amount") == .bool(true))
        #expect(try Self.evaluate("context.input has currency") == .bool(false))
        #expect(try Self.evaluate("context has env && context.env has tenant") == .bool(true))
        // `has` guards the read that would fail, through `&&`'s short circuit.
        #expect(try Self.evaluate("context.input has currency && context.input.currency == \"EUR\"") == .bool(false))
    }

    @Test func likeMatchesWildcardsByCodePoint() throws {
        #expect(try Self.evaluate("context.input.region like \"eu-*\"") == .bool(true))
        #expect(try Self.evaluate("context.input.region like \"us-*\"") == .bool(false))
        #expect(try Self.evaluate("context.input.region like \"*-1\"") == .bool(true))
    }

    @Test func setMethodsReadJSONArraysAsSets() throws {
        #expect(try Self.evaluate("context.input.tags.contains(\"urgent\")") == .bool(true))
        #expect(try Self.evaluate("context.input.tags.containsAll([\"finance\", \"urgent\"])") == .bool(true))
        #expect(try Self.evaluate("[1, 2, 3].contains(context.steps.check.output.score)") == .bool(false))
        #expect(try Self.evaluate("context.input.tags") == .set([.string("urgent"), .string("finance")]))
    }

    @Test func ifThenElseEvaluatesOnlyTheTakenBranch() throws {
        #expect(try Self.evaluate("if context.input.amount > 100 then \"big\" else \"small\"") == .string("big"))
        // The untaken branch would fail (a missing attribute), and is never evaluated.
        #expect(try Self.evaluate("if context.steps.check.output.ok then 1 else context.input.nope") == .long(1))
    }

    @Test func aMissingAttributeIsAnErrorThatNamesIt() throws {
        let error = try #require(Self.error("context.steps.check.output.total > 3"))
        #expect(error.code == .attributeMissing)
        #expect(error.message == "record does not have the attribute `total`")
        #expect(error.span != nil)
        #expect(Self.error("context.other == 1")?.code == .attributeMissing)
        #expect(Self.error("context.other == 1")?.message == "`context` does not have the attribute `other`")
    }

    @Test func overflowIsAnError() throws {
        let error = try #require(Self.error("9223372036854775807 + context.steps.check.output.score"))
        #expect(error.code == .overflow)
        #expect(error.message == "overflow computing `9223372036854775807 + 7`")
        #expect(Self.error("context.input.amount * 9223372036854775807")?.code == .overflow)
    }

    @Test func operandsOfTheWrongTypeAreTypeErrors() throws {
        let error = try #require(Self.error("context.input.region < 3"))
        #expect(error.code == .typeError)
        #expect(Self.error("context.input.amount && true")?.code == .typeError)
    }

    @Test func entityLiteralsHaveNoAttributesAndOnlyThemselvesAsAncestors() throws {
        #expect(try Self.evaluate("User::\"a\" in User::\"a\"") == .bool(true))
        #expect(try Self.evaluate("User::\"a\" in Group::\"g\"") == .bool(false))
        #expect(Self.error("User::\"a\".name == \"a\"")?.code == .entityNotFound)
    }

    @Test(arguments: ["principal == User::\"a\"", "context.input.amount > 1 && resource has owner", "[action]"])
    func refusesTheRequestVariables(_ text: String) {
        #expect(throws: PolicyError(.invalidRequest, "")) { try ExpressionEvaluator(parsing: text) }
    }

    @Test func refusesContextsCedarCannotHold() {
        #expect(Self.error("true", context: ["input": ["ratio": 0.5]])?.code == .invalidRequest)
        #expect(Self.error("true", context: ["input": nil])?.code == .invalidRequest)
        #expect(Self.error("true", context: [1, 2])?.code == .invalidRequest)
    }

    @Test func evaluatesOverARecordAsOftenAsNeeded() throws {
        let evaluator = try ExpressionEvaluator(parsing: "context.iteration < 3")
        let results = try (0..<5).map { (iteration: Int64) throws(PolicyError) in
            try evaluator.evaluate(context: ["iteration": .long(iteration)])
        }
        #expect(results == [.bool(true), .bool(true), .bool(true), .bool(false), .bool(false)])
    }

    @Test func reportsParseErrorsWithTheParsersCodes() {
        #expect(throws: PolicyError(.unexpectedToken, "")) { try ExpressionEvaluator(parsing: "context.input +") }
    }
}
