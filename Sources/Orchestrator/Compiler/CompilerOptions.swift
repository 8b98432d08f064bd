/// Limits and defaults the compiler applies.
public struct CompilerOptions: Sendable, Hashable {
    /// Lints become errors.
    public var strict: Bool
    /// The most instances one step may fan out to (a loop's concurrency), and the most steps one
    /// step may be needed by.
    public var fanOutCap: Int
    /// Running instances across the whole workflow.
    public var overallParallelismCap: Int
    /// The timeout of a step that sets none.
    public var defaultTimeoutSeconds: Int64

    public init(
        strict: Bool = false, fanOutCap: Int = 100, overallParallelismCap: Int = 1000,
        defaultTimeoutSeconds: Int64 = 3600
    ) {
        self.strict = strict
        self.fanOutCap = fanOutCap
        self.overallParallelismCap = overallParallelismCap
        self.defaultTimeoutSeconds = defaultTimeoutSeconds
    }
}
