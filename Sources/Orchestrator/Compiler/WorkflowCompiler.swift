import JSON

/// Checks a definition's graph and expressions and produces its ``WorkflowPlan``, with every
/// finding (errors, and lints as warnings) pointing into the document.
public enum WorkflowCompiler {
    /// The outcome: a plan when there is no error, and every finding.
    public struct Compilation: Sendable {
        public var plan: WorkflowPlan?
        public var findings: [WorkflowFinding]
        public var errors: [WorkflowFinding] { findings.filter { $0.severity == .error } }
        public var warnings: [WorkflowFinding] { findings.filter { $0.severity == .warning } }
    }

    /// Parses, checks, lints and plans a JSON document.
    public static func compile(document: JSONValue, options: CompilerOptions = CompilerOptions()) -> Compilation {
        let (definition, findings) = WorkflowDefinition.parse(document)
        guard let definition else { return Compilation(plan: nil, findings: findings) }
        return compile(definition, options: options)
    }

    /// Checks, lints and plans a parsed definition.
    public static func compile(_ definition: WorkflowDefinition, options: CompilerOptions = CompilerOptions())
        -> Compilation
    {
        var findings: [WorkflowFinding] = []
        var graph = StepGraph(definition: definition, findings: &findings)
        let expressions = checkExpressions(definition, graph: &graph, findings: &findings)
        for (name, reference) in definition.outputs.sorted(by: { $0.key < $1.key }) {
            if let step = stepReference(reference), graph.index[step] == nil {
                findings.append(
                    WorkflowFinding(
                        .unknownOutputStep, at: "/outputs/" + WorkflowFinding.escape(name),
                        "output `\(name)` reads step `\(step)`, which does not exist"))
            }
        }
        for step in definition.steps {
            if case .subprocess(let workflowId, _) = step.kind, workflowId == definition.id {
                findings.append(
                    WorkflowFinding(
                        .subprocessCycle, at: step.pointer + "/workflowId",
                        "a workflow cannot run itself as a subprocess"))
            }
        }
        var lints = WorkflowLinter.lint(definition, graph: graph, expressions: expressions, options: options)
        if options.strict {
            lints = lints.map {
                var lint = $0; lint.severity = .error; return lint
            }
        }
        findings += lints
        guard !findings.contains(where: { $0.severity == .error }) else {
            return Compilation(plan: nil, findings: findings)
        }
        return Compilation(plan: graph.plan(options: options), findings: findings)
    }

    /// The step id in an output reference such as `steps.load.output.rows`.
    static func stepReference(_ reference: String) -> String? {
        let parts = reference.split(separator: ".")
        guard parts.count >= 2, parts[0] == "steps" else { return nil }
        return String(parts[1])
    }

    /// Parses every expression; reads of `context.steps.<id>` must be of steps that finish first.
    static func checkExpressions(
        _ definition: WorkflowDefinition, graph: inout StepGraph, findings: inout [WorkflowFinding]
    ) -> [String: [ConditionExpression]] {
        var parsed: [String: [ConditionExpression]] = [:]
        let declaredInputs = Set(definition.inputs?["properties"]?.objectValue?.keys.map { $0 } ?? [])
        for step in definition.steps {
            var texts: [(String, String, ConditionExpression.Expected)] = []
            switch step.kind {
            case .condition(let expression, _, _): texts.append((expression, "/expression", .boolean))
            case .loop(let forEach, let whileExpression, _, _, _):
                if let forEach { texts.append((forEach, "/forEach", .set)) }
                if let whileExpression { texts.append((whileExpression, "/while", .boolean)) }
            default: break
            }
            for (text, member, expected) in texts {
                do throws(WorkflowError) {
                    let expression = try ConditionExpression.parse(
                        text, expecting: expected, inputs: ExpressionType.inputTypes(definition.inputs))
                    parsed[step.id, default: []].append(expression)
                    // A `while` condition is evaluated again after each pass of the body, so it may
                    // read the body's steps as well as those that finish before the loop.
                    var readable = graph.ancestors(of: step.id)
                    if member == "/while", case .loop(_, _, _, _, let body) = step.kind { readable.formUnion(body) }
                    for read in expression.steps.sorted() where !readable.contains(read) {
                        findings.append(
                            WorkflowFinding(
                                .expressionInvalid, at: step.pointer + member,
                                graph.index[read] == nil
                                    ? "the expression reads `context.steps.\(read)`, and there is no step `\(read)`"
                                    : "the expression reads `context.steps.\(read)`, which does not finish before "
                                        + "`\(step.id)`; add `\(read)` to its `needs`"))
                    }
                    if definition.inputs != nil {
                        for input in expression.inputs.sorted() where !declaredInputs.contains(input) {
                            findings.append(
                                WorkflowFinding(
                                    .expressionInvalid, at: step.pointer + member,
                                    "the expression reads `context.input.\(input)`, which `inputs` does not declare"))
                        }
                    }
                } catch {
                    findings.append(WorkflowFinding(error.code, at: step.pointer + member, error.message))
                }
            }
        }
        return parsed
    }
}
