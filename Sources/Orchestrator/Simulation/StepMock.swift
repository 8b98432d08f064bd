import JSON

/// What a simulated step does instead of running: its output, how its attempts fail and how long
/// each takes.
public struct StepMock: Sendable, Hashable {
    /// The output of the attempt that succeeds; `{}` when not given.
    public var output: JSONValue?
    /// Attempts that fail (with ``failedAttemptCode``) before one succeeds.
    public var failAttempts: Int
    /// A code every attempt fails with; a code in the step's `nonRetryable` stops the retries.
    public var error: String?
    /// How long each attempt takes; `nil` means 1 s (a human step: its `dueIn`). An attempt that
    /// would take longer than the step's timeout fails with ``timeoutCode`` at the timeout.
    public var durationSeconds: Double?

    /// The code of an attempt that fails because of ``failAttempts``.
    public static let failedAttemptCode = "mock.attempt_failed"
    // The runtime will record a timeout with the same code; it belongs in `WorkflowErrorCode.swift`.
    /// The code of an attempt that runs past its step's timeout.
    public static let timeoutCode = "workflow.step_timeout"
    /// The longest an attempt may be mocked to take: a year, as the longest duration a definition has.
    public static let maxDurationSeconds = 366.0 * 86400

    /// Makes a mock.
    /// - Parameters:
    ///   - output: The output of the attempt that succeeds.
    ///   - failAttempts: Attempts that fail before one succeeds (at least 0).
    ///   - error: A code every attempt fails with.
    ///   - durationSeconds: How long each attempt takes (at least 0).
    public init(output: JSONValue? = nil, failAttempts: Int = 0, error: String? = nil, durationSeconds: Double? = nil) {
        self.output = output
        self.failAttempts = max(failAttempts, 0)
        self.error = error
        self.durationSeconds = durationSeconds.map { max($0, 0) }
    }

    /// Reads the mocks of a simulation request: an object from step id to
    /// `{"output", "failAttempts", "error", "durationSeconds"}`, each member optional.
    /// - Parameters:
    ///   - json: The `mocks` member.
    ///   - pointer: Where `json` is in the request, for messages (such as `/mocks`).
    /// - Returns: The mocks by step id.
    /// - Throws: `workflow.type_mismatch`, `workflow.unknown_member` or `workflow.invalid_value`,
    ///   the message naming the member's JSON pointer.
    public static func parse(mocks json: JSONValue, at pointer: String = "/mocks")
        throws(WorkflowError) -> [String: StepMock]
    {
        guard case .object(let members) = json else {
            throw WorkflowError(
                .typeMismatch, "`\(pointer)` must be an object of mocks by step id, not \(json.typeName)")
        }
        var mocks: [String: StepMock] = [:]
        for (id, value) in members.sorted(by: { $0.key < $1.key }) {
            mocks[id] = try StepMock(json: value, at: pointer + "/" + WorkflowFinding.escape(id))
        }
        return mocks
    }

    /// Reads one mock, `{"output", "failAttempts", "error", "durationSeconds"}`.
    /// - Throws: `workflow.type_mismatch`, `workflow.unknown_member` or `workflow.invalid_value`,
    ///   the message naming the member's JSON pointer.
    public init(json: JSONValue, at pointer: String) throws(WorkflowError) {
        guard case .object(let members) = json else {
            throw WorkflowError(.typeMismatch, "`\(pointer)` must be an object, not \(json.typeName)")
        }
        let known: Set = ["output", "failAttempts", "error", "durationSeconds"]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw WorkflowError(
                .unknownMember,
                "`\(pointer)/\(WorkflowFinding.escape(unknown))` is not a mock member; expected `output`, "
                    + "`failAttempts`, `error` or `durationSeconds`")
        }
        var failAttempts = 0
        if let value = members["failAttempts"] {
            guard let count = value.int64Value, (0...1000).contains(count) else {
                throw WorkflowError(.invalidValue, "`\(pointer)/failAttempts` must be an integer in 0...1000")
            }
            failAttempts = Int(count)
        }
        var error: String?
        if let value = members["error"] {
            guard case .string(let code) = value, !code.isEmpty, code.count <= 200 else {
                throw WorkflowError(.invalidValue, "`\(pointer)/error` must be an error code, a non-empty string")
            }
            error = code
        }
        var duration: Double?
        if let value = members["durationSeconds"] {
            guard let seconds = value.doubleValue, seconds >= 0, seconds <= Self.maxDurationSeconds else {
                throw WorkflowError(
                    .invalidValue,
                    "`\(pointer)/durationSeconds` must be a number of seconds in 0...\(Int(Self.maxDurationSeconds))")
            }
            duration = seconds
        }
        self.init(output: members["output"], failAttempts: failAttempts, error: error, durationSeconds: duration)
    }
}
