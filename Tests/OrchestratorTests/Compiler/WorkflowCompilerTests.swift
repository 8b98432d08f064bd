import JSON
import Testing

@testable import Orchestrator

/// Every compiler error and lint, asserted on its code, its JSON pointer and its advice.
struct WorkflowCompilerTests {
    static func compile(_ json: String, strict: Bool = false) throws -> WorkflowCompiler.Compilation {
        WorkflowCompiler.compile(
            document: try JSONValue.parse(Array(json.utf8)), options: CompilerOptions(strict: strict))
    }

    static func codes(_ compilation: WorkflowCompiler.Compilation) -> [String] {
        compilation.findings.map { "\($0.severity.rawValue) \($0.code) \($0.pointer)" }
    }

    static let approval = """
        {"name": "Expense approval", "labels": {"sensitivity": "internal"},
         "inputs": {"type": "object", "properties": {"amount": {"type": "integer"}}},
         "steps": [
           {"id": "check", "kind": "task", "handler": "expenses.check", "timeout": "30s",
            "retry": {"maxAttempts": 3, "initialBackoff": "1s", "maxBackoff": "10s"}, "resources": {"cpu": 0.5, "memory": 128}},
           {"id": "big", "kind": "condition", "needs": ["check"], "expression": "context.input.amount > 1000 && context.steps.check.output.ok",
            "then": ["approve"], "else": "book"},
           {"id": "approve", "kind": "human", "assignees": ["role:manager"], "dueIn": "2d", "timeout": "3d"},
           {"id": "book", "kind": "task", "handler": "ledger.book", "timeout": "1m"}
         ],
         "outputs": {"booking": "steps.book.output.id", "decision": "steps.approve.output.approved"}}
        """

    @Test func plansAValidWorkflowInDependencyOrderWithDefaultsApplied() throws {
        let compilation = try Self.compile(Self.approval)
        #expect(compilation.findings.isEmpty, "\(compilation.findings)")
        let plan = try #require(compilation.plan)
        #expect(plan.steps.map(\.id) == ["check", "big", "approve", "book"])
        #expect(plan.steps[1].dependsOn == ["check"] && plan.steps[2].dependsOn == ["big"])
        #expect(plan.steps.map(\.level) == [0, 1, 2, 2])
        #expect(plan.steps[0].maxAttempts == 3 && plan.steps[0].timeoutSeconds == 30)
        // 3 attempts of 30 s, backoffs 1 s and 2 s each with 20% jitter.
        #expect(abs(plan.steps[0].worstCaseSeconds - (90 + 1.2 + 2.4)) < 1e-9)
        #expect(plan.maxParallelism == 2)
        #expect(plan.totalCPU == 0.5 && plan.totalMemoryMiB == 128)
    }

    @Test func reportsGraphErrorsWithPointers() throws {
        let compilation = try Self.compile(
            """
            {"name": "broken", "labels": {"sensitivity": "public"}, "steps": [
              {"id": "a", "kind": "task", "handler": "h", "timeout": "1s", "needs": ["c"]},
              {"id": "b", "kind": "task", "handler": "h", "timeout": "1s", "needs": ["a"]},
              {"id": "c", "kind": "task", "handler": "h", "timeout": "1s", "needs": ["b"]},
              {"id": "d", "kind": "task", "handler": "h", "timeout": "1s", "needs": ["c", "nowhere"]},
              {"id": "a", "kind": "task", "handler": "h", "timeout": "1s"},
              {"id": "e", "kind": "condition", "expression": "true", "then": ["ghost"]},
              {"id": "f", "kind": "loop", "forEach": "[1, 2]", "body": ["phantom"], "timeout": "1s"}
            ]}
            """)
        #expect(compilation.plan == nil)
        let errors = Set(Self.codes(compilation).filter { $0.hasPrefix("error") })
        #expect(errors.contains("error workflow.duplicate_step_id /steps/4/id"))
        #expect(errors.contains("error workflow.unknown_need /steps/3/needs/1"))
        #expect(errors.contains("error workflow.unknown_condition_target /steps/5/then/0"))
        #expect(errors.contains("error workflow.unknown_loop_body /steps/6/body/0"))
        #expect(errors.contains("error workflow.cycle /steps/0"))
        #expect(errors.contains("error workflow.unreachable_step /steps/3"))
        let cycle = try #require(compilation.findings.first { $0.code == .cycle })
        #expect(cycle.message.contains("`a` → `c` → `b` → `a`"))
    }

    @Test func checksExpressionsAgainstInputsAndTheStepsThatRunFirst() throws {
        let compilation = try Self.compile(
            """
            {"name": "x", "labels": {"sensitivity": "public"}, "inputs": {"type": "object", "properties": {"n": {}}},
             "steps": [
              {"id": "a", "kind": "task", "handler": "h", "timeout": "1s"},
              {"id": "b", "kind": "condition", "expression": "context.steps.a.output.ok", "then": ["a2"]},
              {"id": "a2", "kind": "task", "handler": "h", "timeout": "1s", "needs": ["a"]},
              {"id": "c", "kind": "condition", "needs": ["a"], "expression": "context.input.missing == 1", "then": "a3"},
              {"id": "a3", "kind": "task", "handler": "h", "timeout": "1s"},
              {"id": "d", "kind": "condition", "needs": ["a"], "expression": "principal.role == \\"x\\"", "else": "a4"},
              {"id": "a4", "kind": "task", "handler": "h", "timeout": "1s"},
              {"id": "e", "kind": "condition", "needs": ["a"], "expression": "1 + 2", "then": "a5"},
              {"id": "a5", "kind": "task", "handler": "h", "timeout": "1s"},
              {"id": "f", "kind": "condition", "needs": ["a"], "expression": "context.input.n ==", "then": "a6"},
              {"id": "a6", "kind": "task", "handler": "h", "timeout": "1s"},
              {"id": "g", "kind": "loop", "needs": ["a"], "forEach": "true", "body": ["a7"]},
              {"id": "a7", "kind": "task", "handler": "h", "timeout": "1s"}
            ]}
            """)
        let expressionErrors = compilation.findings.filter { $0.code == .expressionInvalid }
        #expect(
            expressionErrors.map(\.pointer) == [
                "/steps/1/expression", "/steps/3/expression", "/steps/5/expression", "/steps/7/expression",
                "/steps/9/expression",
                "/steps/11/forEach",
            ])
        #expect(expressionErrors[0].message.contains("add `a` to its `needs`"))
        #expect(expressionErrors[1].message.contains("`context.input.missing`"))
        #expect(expressionErrors[2].message.contains("`principal` is not available"))
        #expect(expressionErrors[3].message.contains("produces a Long"))
        #expect(expressionErrors[4].message.hasPrefix("policy."))
        #expect(expressionErrors[5].message.contains("`forEach` needs a set"))
    }

    @Test(arguments: [
        ("context.input.amount > \"x\"", "`>` needs a Long, and this operand is a string"),
        ("context.input.name > 3", "`>` needs a Long, and this operand is a string"),
        ("context.input.approved && 1", "`&&` needs a boolean, and this operand is a Long"),
        ("\"abc\".contains(1)", "`.contains()` needs a set, and this operand is a string"),
        ("context.input.amount.currency == \"EUR\"", "reads an attribute of a Long"),
        ("if context.input.name then true else false", "`if` needs a boolean, and this operand is a string"),
        ("context.input.amount + 1", "produces a Long"),
    ])
    func findsTypeErrorsFromLiteralsAndTheInputsSchema(expression: String, problem: String) throws {
        let compilation = try Self.compile(
            """
            {"name": "t", "labels": {"sensitivity": "public"},
             "inputs": {"type": "object", "properties": {"amount": {"type": "integer"}, "name": {"type": "string"},
                                                          "approved": {"type": "boolean"}}},
             "steps": [{"id": "c", "kind": "condition", "expression": \(JSONValue.string(expression).encodedString()), "then": ["t"]},
                       {"id": "t", "kind": "task", "handler": "h", "timeout": "1s"}],
             "outputs": {"o": "steps.t.output"}}
            """)
        let finding = try #require(compilation.errors.first, "\(expression) compiled")
        #expect(finding.code == .expressionInvalid && finding.pointer == "/steps/0/expression")
        #expect(finding.message.contains(problem), "\(finding.message)")
    }

    @Test func acceptsWellTypedExpressions() throws {
        for expression in [
            "context.input.amount > 3 && context.input.approved", "[1, 2].contains(context.input.amount)",
            "context.steps.x.output.anything", "context.input.name like \"a*\"", "!(context.input.amount == 0)",
        ] {
            let compilation = try Self.compile(
                """
                {"name": "t", "labels": {"sensitivity": "public"},
                 "inputs": {"type": "object", "properties": {"amount": {"type": "integer"}, "name": {"type": "string"},
                                                              "approved": {"type": "boolean"}}},
                 "steps": [{"id": "x", "kind": "task", "handler": "h", "timeout": "1s"},
                           {"id": "c", "kind": "condition", "needs": ["x"], "expression": \(JSONValue.string(expression).encodedString()), "then": ["t"]},
                           {"id": "t", "kind": "task", "handler": "h", "timeout": "1s"}],
                 "outputs": {"o": "steps.t.output"}}
                """)
            #expect(compilation.errors.isEmpty, "\(expression): \(compilation.errors)")
        }
    }

    @Test func aWhileLoopMayReadItsOwnBody() throws {
        let compilation = try Self.compile(
            """
            {"name": "poll", "labels": {"sensitivity": "public"}, "steps": [
              {"id": "wait", "kind": "loop", "while": "!context.steps.check.output.done", "maxIterations": 10, "body": ["check"]},
              {"id": "check", "kind": "task", "handler": "status", "timeout": "5s"}],
             "outputs": {"status": "steps.check.output"}}
            """)
        #expect(compilation.findings.isEmpty, "\(compilation.findings)")
        let forEach = try Self.compile(
            """
            {"name": "x", "labels": {"sensitivity": "public"}, "steps": [
              {"id": "each", "kind": "loop", "forEach": "context.steps.item.output.list", "body": ["item"]},
              {"id": "item", "kind": "task", "handler": "h", "timeout": "5s"}],
             "outputs": {"o": "steps.item.output"}}
            """)
        #expect(forEach.errors.map(\.pointer) == ["/steps/0/forEach"])
    }

    @Test func lintsAreWarningsUnlessStrict() throws {
        let risky = """
            {"name": "risky", "steps": [
              {"id": "a", "kind": "task", "handler": "h", "retry": {"initialBackoff": "1s"}, "secrets": ["hunter2", "vault://kv/db#password"]},
              {"id": "b", "kind": "loop", "forEach": "[1]", "concurrency": 500, "body": ["c"], "needs": ["a"]},
              {"id": "c", "kind": "task", "handler": "h", "timeout": "1s"}
            ]}
            """
        let relaxed = try Self.compile(risky)
        #expect(relaxed.plan != nil)
        #expect(
            Set(Self.codes(relaxed)) == [
                "warning workflow.missing_sensitivity_label /labels",
                "warning workflow.missing_timeout /steps/0",
                "warning workflow.unbounded_retry /steps/0/retry",
                "warning workflow.secret_not_vault_reference /steps/0/secrets/0",
                "warning workflow.fan_out_above_cap /steps/1/concurrency",
                "warning workflow.orphaned_output /steps/2",
            ])
        #expect(relaxed.plan?.steps.first { $0.id == "b" }?.fanOut == 100)
        let strict = try Self.compile(risky, strict: true)
        #expect(strict.plan == nil)
        #expect(strict.errors.count == 6)
    }

    @Test func reportsStructuralProblemsAllAtOnce() throws {
        let compilation = try Self.compile(
            """
            {"nmae": "typo", "steps": [
              {"id": "a b", "kind": "teleport"},
              {"id": "t", "kind": "task", "timeout": "soon", "handler": 3},
              {"id": "l", "kind": "loop", "while": "true", "body": ["t"]},
              {"id": "d", "kind": "delay"}
            ], "triggers": [{"type": "schedule", "cron": "61 * * * *"}, {"type": "carrier-pigeon"}]}
            """)
        #expect(compilation.plan == nil)
        #expect(
            Set(Self.codes(compilation)).isSuperset(of: [
                "error workflow.unknown_member /nmae", "error workflow.missing_member /name",
                "error workflow.invalid_value /steps/0/id", "error workflow.unknown_step_kind /steps/0/kind",
                "error workflow.invalid_value /steps/1/timeout", "error workflow.type_mismatch /steps/1/handler",
                "error workflow.missing_member /steps/2/maxIterations", "error workflow.invalid_value /steps/3",
                "error workflow.invalid_cron /triggers/0/cron", "error workflow.unknown_trigger_type /triggers/1/type",
            ]))
    }

    @Test func refusesAWorkflowThatCallsItself() throws {
        let compilation = try Self.compile(
            """
            {"id": "wf-1", "name": "loop", "labels": {"sensitivity": "public"}, "steps": [
              {"id": "again", "kind": "subprocess", "workflowId": "wf-1", "version": "^1.0.0", "timeout": "1h"}]}
            """)
        #expect(Self.codes(compilation) == ["error workflow.subprocess_cycle /steps/0/workflowId"])
    }

    @Test func parsesDurations() {
        #expect(DocumentReader.seconds("500ms") == 1)
        #expect(DocumentReader.seconds("90s") == 90)
        #expect(DocumentReader.seconds("30m") == 1800)
        #expect(DocumentReader.seconds("7d") == 604_800)
        #expect(DocumentReader.seconds("367d") == nil)
        #expect(DocumentReader.seconds("1.5h") == nil)
        #expect(DocumentReader.seconds("-1s") == nil)
        #expect(DocumentReader.seconds("s") == nil)
    }
}
