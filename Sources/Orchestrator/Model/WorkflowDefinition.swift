import JSON

/// A workflow definition as designers write it: a DAG of steps, its inputs, triggers and labels.
///
/// It is parsed from JSON by ``WorkflowDefinition/parse(_:)``, which reports every structural
/// problem as a ``WorkflowFinding`` with a JSON pointer instead of stopping at the first; the
/// ``WorkflowCompiler`` then checks the graph and produces a ``WorkflowPlan``.
public struct WorkflowDefinition: Sendable, Hashable {
    /// The workflow's id; the server assigns one to a new draft.
    public var id: String?
    /// A human name (required, at most 200 characters).
    public var name: String
    public var description: String
    public var tags: [String]
    /// Labels the policies read, such as `sensitivity` (`public|internal|restricted`) and
    /// `data_classes` (a list of strings).
    public var labels: [String: JSONValue]
    /// The inputs' JSON Schema (an object schema), kept as written.
    public var inputs: JSONValue?
    public var triggers: [Trigger]
    public var steps: [Step]
    /// Named outputs: each maps to a step output reference such as `steps.load.output.rows`.
    public var outputs: [String: String]

    /// How a workflow is started besides an API call.
    public enum Trigger: Sendable, Hashable {
        /// On an internal event with this name.
        case event(name: String)
        /// On a signed webhook call to `/hooks/<name>`.
        case webhook(name: String)
        /// On a cron schedule (five fields, UTC unless `timezone` is given).
        case schedule(cron: String, timezone: String?)
    }

    /// One step of the DAG.
    public struct Step: Sendable, Hashable {
        public var id: String
        public var kind: Kind
        /// Steps that must finish before this one starts.
        public var needs: [String]
        /// The longest one attempt may run, in seconds.
        public var timeoutSeconds: Int64?
        public var retry: RetryPolicy?
        public var resources: Resources?
        /// Secret references; only `vault://…` references are allowed.
        public var secrets: [String]
        /// The JSON pointer of the step in the document, for findings.
        public var pointer: String
    }

    /// What a step does.
    public enum Kind: Sendable, Hashable {
        /// Calls a handler with a configuration.
        case task(handler: String, config: JSONValue)
        /// Evaluates a policy-language expression; runs `then` or `else` steps.
        case condition(expression: String, then: [String], otherwise: [String])
        /// Runs `body` steps for each item of a list (`forEach`, an expression) with at most
        /// `concurrency` at once, or while `whileExpression` holds, at most `maxIterations` times.
        case loop(forEach: String?, whileExpression: String?, concurrency: Int, maxIterations: Int?, body: [String])
        /// Waits for a person: assignees, a form schema, a due time and an escalation.
        case human(assignees: [String], form: JSONValue?, dueInSeconds: Int64?, escalateTo: [String])
        /// Runs another workflow by id and version range (such as `^1.2.0`).
        case subprocess(workflowId: String, versionRange: String)
        /// Waits for a duration, or until a time (RFC 3339).
        case delay(seconds: Int64?, until: String?)

        /// The kind's name in the document.
        public var name: String {
            switch self {
            case .task: "task"
            case .condition: "condition"
            case .loop: "loop"
            case .human: "human"
            case .subprocess: "subprocess"
            case .delay: "delay"
            }
        }
    }

    /// How a failed attempt is retried.
    public struct RetryPolicy: Sendable, Hashable {
        /// Attempts in all, the first included; `nil` means unbounded (a lint).
        public var maxAttempts: Int?
        public var initialBackoffSeconds: Double
        public var maxBackoffSeconds: Double
        public var multiplier: Double
        /// A fraction 0...1 of each backoff drawn at random.
        public var jitter: Double
        /// Error codes that fail the step at once.
        public var nonRetryable: [String]
    }

    /// Resource hints for scheduling and cost estimates.
    public struct Resources: Sendable, Hashable {
        /// Cores (fractions allowed).
        public var cpu: Double?
        /// Memory in MiB.
        public var memoryMiB: Int64?
        /// Named quota units, such as `api_calls`.
        public var quota: [String: Int64]
    }
}
