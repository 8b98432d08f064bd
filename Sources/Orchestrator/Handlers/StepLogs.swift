import JSON

/// What an attempt wrote, kept with the step: a program's standard output and error, or an HTTP
/// error response's body, each cut at the server's limit.
public struct StepLogs: Sendable, Hashable {
    /// Standard output (for `http`, the body of a response with an unexpected status).
    public var stdout: String
    /// Standard error.
    public var stderr: String
    /// Whether `stdout` was cut at the limit.
    public var isStdoutTruncated: Bool
    /// Whether `stderr` was cut at the limit.
    public var isStderrTruncated: Bool

    /// Makes logs.
    /// - Parameters:
    ///   - stdout: Standard output, as captured.
    ///   - stderr: Standard error, as captured.
    ///   - isStdoutTruncated: Whether `stdout` was cut at the limit.
    ///   - isStderrTruncated: Whether `stderr` was cut at the limit.
    public init(stdout: String, stderr: String = "", isStdoutTruncated: Bool = false, isStderrTruncated: Bool = false) {
        self.stdout = stdout
        self.stderr = stderr
        self.isStdoutTruncated = isStdoutTruncated
        self.isStderrTruncated = isStderrTruncated
    }

    /// `{"stdout", "stderr", "stdoutTruncated", "stderrTruncated"}`, the form stored with the step.
    public var json: JSONValue {
        [
            "stdout": .string(stdout), "stderr": .string(stderr), "stdoutTruncated": .bool(isStdoutTruncated),
            "stderrTruncated": .bool(isStderrTruncated),
        ]
    }
}
