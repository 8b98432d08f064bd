/// Warnings about definitions that run but are risky; `?strict=true` makes them errors.
enum WorkflowLinter {
    static func lint(
        _ definition: WorkflowDefinition, graph: StepGraph, expressions: [String: [ConditionExpression]],
        options: CompilerOptions
    ) -> [WorkflowFinding] {
        var findings: [WorkflowFinding] = []
        func warn(_ code: WorkflowError.Code, _ pointer: String, _ message: String) {
            findings.append(WorkflowFinding(code, .warning, at: pointer, message))
        }
        if definition.labels["sensitivity"] == nil {
            warn(
                .missingSensitivityLabel, "/labels",
                "add `labels.sensitivity` (`public`, `internal` or `restricted`) so the policies can classify this workflow"
            )
        }
        let readByExpressions = Set(expressions.values.flatMap { $0.flatMap(\.steps) })
        let readByOutputs = Set(definition.outputs.values.compactMap(WorkflowCompiler.stepReference))
        for (position, step) in definition.steps.enumerated() {
            switch step.kind {
            case .task, .human, .subprocess:
                if step.timeoutSeconds == nil {
                    warn(
                        .missingTimeout, step.pointer,
                        "step `\(step.id)` has no `timeout`; it gets the default \(options.defaultTimeoutSeconds)s. Set one such as `\"timeout\": \"5m\"`"
                    )
                }
                if graph.dependents[position].isEmpty && !readByExpressions.contains(step.id)
                    && !readByOutputs.contains(step.id), case .task = step.kind
                {
                    warn(
                        .orphanedOutput, step.pointer,
                        "nothing reads the output of `\(step.id)`: no step needs it, no expression reads it and no workflow output names it"
                    )
                }
            case .loop(_, _, let concurrency, _, _) where concurrency > options.fanOutCap:
                warn(
                    .fanOutAboveCap, step.pointer + "/concurrency",
                    "loop concurrency \(concurrency) is above the cap \(options.fanOutCap); it will run \(options.fanOutCap) at once"
                )
            default: break
            }
            if graph.dependents[position].count > options.fanOutCap {
                warn(
                    .fanOutAboveCap, step.pointer,
                    "\(graph.dependents[position].count) steps depend on `\(step.id)`, above the fan-out cap \(options.fanOutCap)"
                )
            }
            if let retry = step.retry, retry.maxAttempts == nil {
                warn(
                    .unboundedRetry, step.pointer + "/retry",
                    "set `retry.maxAttempts`; without it a failing step retries until the server cap of 10 attempts")
            }
            for (offset, secret) in step.secrets.enumerated() where !secret.hasPrefix("vault://") {
                warn(
                    .secretNotVaultReference, "\(step.pointer)/secrets/\(offset)",
                    "secrets are `vault://path#key` references, never values; move this one into the vault")
            }
        }
        return findings
    }
}
