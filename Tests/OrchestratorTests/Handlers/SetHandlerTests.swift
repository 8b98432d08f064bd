import JSON
import Testing

@testable import Orchestrator

/// `set`: outputs from policy-language expressions over the step's context.
struct SetHandlerTests {
    static let context: JSONValue = [
        "input": ["amount": 1500, "currency": "EUR", "note": nil, "rate": 1.5],
        "steps": ["check": ["output": ["ok": true, "tags": ["a", "b"]]]],
        "env": ["tenant": "t1"],
    ]

    static func run(_ outputs: JSONValue) async -> StepOutcome {
        await SetHandler().run(.make(config: ["outputs": outputs], context: context))
    }

    @Test func evaluatesEachOutputOverTheContext() async {
        let outcome = await Self.run([
            "large": "context.input.amount > 1000", "doubled": "context.input.amount * 2",
            "tenant": "context.env.tenant", "tagged": #"context.steps.check.output.tags.contains("a")"#,
            "summary": "{currency: context.input.currency, ok: context.steps.check.output.ok}",
            "label": #"if context.input.amount > 1000 then "large" else "small""#,
        ])
        #expect(
            outcome.output
                == [
                    "large": true, "doubled": 3000, "tenant": "t1", "tagged": true,
                    "summary": ["currency": "EUR", "ok": true], "label": "large",
                ])
    }

    @Test func missingAttributeFailsWithThePolicyCode() async {
        let outcome = await Self.run(["x": "context.input.missing"])
        #expect(outcome.failureCode == "policy.attribute_missing")
        #expect(outcome.isRetryable == false)
        #expect(outcome.failureMessage?.hasPrefix("`config.outputs.x`") == true)
    }

    @Test func nullAndFractionalMembersAreLeftOutAndSaidSo() async {
        let outcome = await Self.run(["x": "context.input.note"])
        #expect(outcome.failureCode == "policy.attribute_missing")
        #expect(outcome.failureMessage?.contains("`context.input.note` is null") == true)
        #expect(await Self.run(["has": "context.input has rate"]).output == ["has": false])
    }

    @Test func syntaxErrorFailsWithTheParserCode() async {
        let outcome = await Self.run(["x": "context.input.amount >"])
        #expect(outcome.failureCode?.hasPrefix("policy.") == true)
        #expect(outcome.isRetryable == false)
    }

    @Test func typeErrorFailsWithThePolicyCode() async {
        let outcome = await Self.run(["x": "context.input.currency + 1"])
        #expect(outcome.failureCode == "policy.type_error")
    }

    @Test func principalIsNotAvailable() async {
        let outcome = await Self.run(["x": "principal"])
        #expect(outcome.failureCode == "policy.invalid_request")
    }

    @Test func outputsMustBeAnObjectOfStrings() async {
        #expect(await Self.run(["x": 1]).failureCode == "workflow.handler_config_invalid")
        #expect(await Self.run("x").failureCode == "workflow.handler_config_invalid")
        let missing = await SetHandler().run(.make(config: [:], context: Self.context))
        #expect(missing.failureCode == "workflow.handler_config_invalid")
    }
}
