import JSON

/// One attempt of a `task` step, as its handler gets it.
public struct StepInvocation: Sendable {
    /// The execution the step belongs to.
    public var executionId: String
    /// The step's id in the workflow definition.
    public var stepId: String
    /// The attempt number, from 1.
    public var attempt: Int
    /// The step's `config`, as the definition gives it (`null` when it has none).
    public var config: JSONValue
    /// What expressions read as `context`: `{"input": …, "steps": {"<id>": {"output": …}}, "env": …}`.
    public var context: JSONValue
    /// The longest this attempt may run; a handler's own `timeout` config can only shorten it.
    public var timeout: Duration

    /// Makes an invocation.
    /// - Parameters:
    ///   - executionId: The execution the step belongs to.
    ///   - stepId: The step's id.
    ///   - attempt: The attempt number, from 1.
    ///   - config: The step's `config`.
    ///   - context: The expression context (`input`, `steps`, `env`).
    ///   - timeout: The longest this attempt may run.
    public init(
        executionId: String, stepId: String, attempt: Int, config: JSONValue, context: JSONValue, timeout: Duration
    ) {
        self.executionId = executionId
        self.stepId = stepId
        self.attempt = attempt
        self.config = config
        self.context = context
        self.timeout = timeout
    }

    /// `executionId/stepId/attempt`: the same whenever this attempt runs again (after a worker died),
    /// so the receiver can drop a duplicate. The `http` handler sends it as `Idempotency-Key`, `exec`
    /// as `MAESTRO_IDEMPOTENCY_KEY`.
    public var idempotencyKey: String { "\(executionId)/\(stepId)/\(attempt)" }

    /// Whether the attempt has been cancelled: the calling task's cancellation.
    public var isCancelled: Bool { Task.isCancelled }
}
