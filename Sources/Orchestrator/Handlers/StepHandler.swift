/// Runs one attempt of a `task` step: the code behind a step's `handler` name.
///
/// The runtime calls ``run(_:)`` once per attempt, with the attempt's idempotency key, and records
/// the outcome once. A handler reports every failure as a ``StepOutcome`` (data, not a thrown
/// error) and says whether another attempt could succeed. It must not block Swift's cooperative
/// pool: blocking work (sockets, child processes) runs on a thread of its own. It observes the
/// calling task's cancellation and the invocation's timeout.
public protocol StepHandler: Sendable {
    /// Runs one attempt.
    /// - Parameter invocation: The step, the attempt, the handler's config and the expression context.
    /// - Returns: The output and logs on success, or a failure with a stable code and whether it is retryable.
    func run(_ invocation: StepInvocation) async -> StepOutcome
}
