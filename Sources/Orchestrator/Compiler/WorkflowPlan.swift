/// What the compiler makes of a definition: the order steps may start in and the effective
/// policy of each, so the runtime never re-derives them.
public struct WorkflowPlan: Sendable, Hashable {
    /// One step, with every default applied.
    public struct PlannedStep: Sendable, Hashable {
        public var id: String
        public var kind: String
        /// Every step that must finish first: `needs`, plus the condition or loop that owns it.
        public var dependsOn: [String]
        /// Depth in the DAG: 0 for steps with no dependencies.
        public var level: Int
        /// The longest one attempt may run.
        public var timeoutSeconds: Int64
        public var maxAttempts: Int
        public var initialBackoffSeconds: Double
        public var maxBackoffSeconds: Double
        public var multiplier: Double
        public var jitter: Double
        public var nonRetryable: [String]
        /// How many instances may run at once (a loop's capped concurrency; 1 otherwise).
        public var fanOut: Int
        /// The worst-case time from start to finish of the step, all attempts and backoffs included.
        public var worstCaseSeconds: Double
    }

    /// Steps in a topological order (document order among steps that could start together).
    public var steps: [PlannedStep]
    /// The most step instances that could run at once.
    public var maxParallelism: Int
    /// Sums of the steps' resource hints (per instance times fan-out).
    public var totalCPU: Double
    public var totalMemoryMiB: Int64
    public var totalQuota: [String: Int64]
    /// The worst-case duration of the whole workflow along its longest path, in seconds.
    public var worstCaseSeconds: Double
}
