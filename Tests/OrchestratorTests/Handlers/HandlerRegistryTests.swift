import JSON
import Testing

@testable import Orchestrator

/// Names to handlers: the built-in set, unknown names, and what every handler gets.
struct HandlerRegistryTests {
    struct Echo: StepHandler {
        func run(_ invocation: StepInvocation) async -> StepOutcome {
            .succeeded(output: .string(invocation.idempotencyKey), logs: nil)
        }
    }

    @Test func builtInRegistryHasNoopSetHTTPAndExec() {
        #expect(HandlerRegistry.builtIn().names == ["exec", "http", "noop", "set"])
    }

    @Test func unknownHandlerFailsWithoutRetry() async {
        let outcome = await HandlerRegistry.builtIn().run("nope", .make(config: nil))
        #expect(outcome.failureCode == "workflow.handler_unknown")
        #expect(outcome.isRetryable == false)
        #expect(outcome.failureMessage?.contains("`noop`") == true)
    }

    @Test func registeredHandlerGetsTheIdempotencyKey() async {
        var registry = HandlerRegistry.builtIn()
        registry.register(Echo(), as: "echo")
        let outcome = await registry.run("echo", .make(config: nil, attempt: 3))
        #expect(outcome == .succeeded(output: "e1/s1/3", logs: nil))
    }

    @Test func noopSucceedsWithAnEmptyObject() async {
        let outcome = await HandlerRegistry.builtIn().run("noop", .make(config: nil))
        #expect(outcome == .succeeded(output: [:], logs: nil))
    }

    @Test func noopSucceedsWithTheConfiguredOutput() async {
        let outcome = await HandlerRegistry.builtIn().run("noop", .make(config: ["output": ["ok": true]]))
        #expect(outcome.output == ["ok": true])
    }

    @Test func noopRefusesAnUnknownConfigMember() async {
        let outcome = await HandlerRegistry.builtIn().run("noop", .make(config: ["ouptut": 1]))
        #expect(outcome.failureCode == "workflow.handler_config_invalid")
        #expect(outcome.isRetryable == false)
    }

    @Test func configTimeoutsParseAsDurations() {
        #expect(StepConfigReader.parseDuration("500ms") == .milliseconds(500))
        #expect(StepConfigReader.parseDuration("2m") == .seconds(120))
        #expect(StepConfigReader.parseDuration("25h") == nil)
        #expect(StepConfigReader.parseDuration("1.5s") == nil)
        #expect(StepConfigReader.parseDuration("s") == nil)
    }
}
