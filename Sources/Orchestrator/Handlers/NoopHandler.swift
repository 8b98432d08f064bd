import JSON

/// `noop`: succeeds at once with `config.output`, or `{}` when the config has none.
struct NoopHandler: StepHandler {
    func run(_ invocation: StepInvocation) async -> StepOutcome {
        do throws(WorkflowError) {
            let config = try StepConfigReader(invocation.config, allowed: ["output"])
            return .succeeded(output: config.members["output"] ?? [:], logs: nil)
        } catch {
            return .failure(error, retryable: false)
        }
    }
}
