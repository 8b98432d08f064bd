import JSON

/// What ``WorkflowSimulator`` predicts an execution would do: the path it takes, when each step
/// would start and end, why each condition went the way it did, what it would cost and which
/// authorization checks it would face. Times are seconds from the execution's start.
public struct Simulation: Sendable, Hashable {
    /// How the whole execution ends.
    public enum Status: String, Sendable, Hashable {
        case succeeded
        case failed
    }

    /// A failure as the history would record it: a code, a message and whether retrying could help.
    public struct StepError: Sendable, Hashable {
        /// The handler's code (from the mock), `workflow.step_timeout`, or a policy-engine code
        /// (`policy.attribute_missing`, …) for an expression that fails.
        public var code: String
        /// What failed, for people: lowercase, no final period.
        public var message: String
        /// Whether the failure stopped the retries early (a code in the step's `nonRetryable`).
        public var isPermanent: Bool

        /// Makes a step error.
        public init(code: String, message: String, isPermanent: Bool = false) {
            self.code = code
            self.message = message
            self.isPermanent = isPermanent
        }
    }

    /// One step's predicted course.
    public struct StepResult: Sendable, Hashable {
        /// What became of the step.
        public enum Status: String, Sendable, Hashable {
            case succeeded
            case failed
            case skipped
        }

        /// The step's id.
        public var id: String
        /// The step's kind: `task`, `condition`, `loop`, `human`, `subprocess` or `delay`.
        public var kind: String
        /// Whether it succeeded, failed or never ran.
        public var status: Status
        /// Attempts made, over every iteration of the loops it is in; 0 when skipped.
        public var attempts: Int
        /// How many times the step ran: the iteration count of the loops it is in (1 outside loops).
        public var iterations: Int
        /// When its first attempt started; `nil` when skipped.
        public var startSeconds: Double?
        /// When its last attempt (of its last iteration) ended; `nil` when skipped.
        public var endSeconds: Double?
        /// The (mocked) output of a step that succeeded and produces one.
        public var output: JSONValue?
        /// Why it failed.
        public var error: StepError?
        /// Why it was skipped, or what the simulation assumed for it.
        public var note: String?
        /// Seconds spent in attempts (not in backoff), over every iteration: what resource hints cost.
        var busySeconds: Double = 0
    }

    /// Which branch a condition takes, and why.
    public struct ConditionResult: Sendable, Hashable {
        /// The `then` or `else` branch.
        public enum Branch: String, Sendable, Hashable {
            case then
            case `else`
        }

        /// The condition step's id.
        public var id: String
        /// The expression as written.
        public var expression: String
        /// Its value in Cedar's JSON form; `nil` when it failed.
        public var value: JSONValue?
        /// The branch taken; `nil` when the expression failed.
        public var branch: Branch?
        /// The result and the values it was computed from, or the error.
        public var because: String
        /// Why the expression failed, when it did.
        public var error: StepError?
    }

    /// How many times a loop ran its body, and why.
    public struct LoopResult: Sendable, Hashable {
        /// The loop step's id.
        public var id: String
        /// The `forEach` or `while` expression as written.
        public var expression: String
        /// How many times the body ran (only the first round's, when the body failed).
        public var iterations: Int
        /// Rounds of at most `concurrency` iterations (`forEach`), or the iterations (`while`).
        public var batches: Int
        /// Why it ran that many times: the expression's value and what it read.
        public var because: String
    }

    /// What the steps' resource hints add up to over the time they run.
    public struct Cost: Sendable, Hashable {
        /// Σ cores × seconds in attempts.
        public var cpuSeconds: Double
        /// Σ MiB × seconds in attempts.
        public var memoryMiBSeconds: Double
        /// Σ units × attempts, per quota name.
        public var quota: [String: Int64]
    }

    /// An authorization request an execution would make: the gateway decides it.
    public struct PolicyCheck: Sendable, Hashable {
        /// The action, such as `execute`.
        public var action: String
        /// The workflow acted on: the simulated one (`nil` for an unsaved draft) or a subprocess's.
        public var workflowId: String?
        /// The subprocess step that makes the request; `nil` for the execution itself.
        public var stepId: String?
        /// The subprocess's version range.
        public var versionRange: String?
    }

    /// The failure that ends the execution.
    public struct Failure: Sendable, Hashable {
        /// The step whose failure it is.
        public var stepId: String
        /// When the step failed.
        public var atSeconds: Double
        /// The step's error.
        public var error: StepError
    }

    /// Whether the execution would succeed.
    public var status: Status
    /// Every step, in the plan's order.
    public var steps: [StepResult]
    /// The conditions evaluated, in the order they were.
    public var conditions: [ConditionResult]
    /// The loops run, in the order they were.
    public var loops: [LoopResult]
    /// When the last step that ran ended.
    public var totalSeconds: Double
    /// The resource hints over the time the steps run.
    public var cost: Cost
    /// The authorization requests the execution would make: itself, then each subprocess that runs.
    public var policyChecks: [PolicyCheck]
    /// What failed the execution first, when it failed.
    public var failure: Failure?
    /// What the simulation assumed that an execution might not (jitter, wall-clock times, …).
    public var notes: [String]

    /// The result for one step.
    public func step(_ id: String) -> StepResult? { steps.first { $0.id == id } }
}
