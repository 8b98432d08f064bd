/// The one error type of the Ledger module: a stable machine-readable `code` and a human message.
///
/// Codes are `ledger.<snake_case_reason>`, listed in `docs/error-codes.md`, never renamed or reused.
/// Two errors are equal when their codes are, so tests compare codes and not message wording.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, such as `ledger.example`.
        public let rawValue: String
        public var description: String { rawValue }
        init(_ rawValue: String) { self.rawValue = rawValue }
    }

    /// What went wrong, for machines.
    public var code: Code
    /// What went wrong, for people: lowercase, no final period, user input in backticks.
    public var message: String

    /// Makes an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
    public static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
