import JSON

@testable import Orchestrator

extension StepInvocation {
    /// An attempt of step `s1` in execution `e1`.
    static func make(
        config: JSONValue, context: JSONValue = ["input": [:], "steps": [:], "env": [:]], attempt: Int = 1,
        timeout: Duration = .seconds(20)
    ) -> StepInvocation {
        StepInvocation(
            executionId: "e1", stepId: "s1", attempt: attempt, config: config, context: context, timeout: timeout)
    }
}

extension StepOutcome {
    var output: JSONValue? {
        if case .succeeded(let output, _) = self { return output }
        return nil
    }

    var failureCode: String? {
        if case .failed(let code, _, _, _) = self { return code }
        return nil
    }

    var failureMessage: String? {
        if case .failed(_, let message, _, _) = self { return message }
        return nil
    }

    var isRetryable: Bool? {
        if case .failed(_, _, let retryable, _) = self { return retryable }
        return nil
    }
}
