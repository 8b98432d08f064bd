/// The one error type of the JSON module: a stable machine-readable `code` and a human message.
///
/// Codes are `json.<snake_case_reason>`, listed in `docs/error-codes.md`, never renamed or reused.
/// Two errors are equal when their codes are, so tests compare codes and not message wording.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, such as `json.unexpected_character`.
        public let rawValue: String
        public var description: String { rawValue }
        init(_ rawValue: String) { self.rawValue = rawValue }
    }

    /// What went wrong, for machines.
    public var code: Code
    /// What went wrong, for people: lowercase, no final period, user input in backticks.
    public var message: String
    /// The byte offset in the input where parsing stopped, when the error comes from the parser.
    public var offset: Int?

    /// Makes an error with a code, a message and, for parse errors, the byte offset.
    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(code): \(message)" }
    public static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension JSONError.Code {
    /// The input ended inside a value.
    public static let unexpectedEnd = Self("json.unexpected_end")
    /// A byte that cannot start or continue a value here.
    public static let unexpectedCharacter = Self("json.unexpected_character")
    /// A number that does not follow the RFC 8259 grammar.
    public static let invalidNumber = Self("json.invalid_number")
    /// A number whose magnitude does not fit an IEEE-754 double.
    public static let numberOutOfRange = Self("json.number_out_of_range")
    /// A string holding an unescaped control character.
    public static let invalidString = Self("json.invalid_string")
    /// A backslash escape that RFC 8259 does not define.
    public static let invalidEscape = Self("json.invalid_escape")
    /// Bytes that are not well-formed UTF-8, or an escaped lone surrogate.
    public static let invalidUnicode = Self("json.invalid_unicode")
    /// Arrays and objects nested deeper than the configured limit.
    public static let tooDeep = Self("json.too_deep")
    /// Input longer than the configured limit.
    public static let tooLarge = Self("json.too_large")
    /// An object that names the same member twice (rejected by default, as I-JSON requires).
    public static let duplicateKey = Self("json.duplicate_key")
    /// Content after the top-level value.
    public static let trailingContent = Self("json.trailing_content")

    /// Every code, for the uniqueness test and `docs/error-codes.md`.
    public static let all: [Self] = [
        .unexpectedEnd, .unexpectedCharacter, .invalidNumber, .numberOutOfRange, .invalidString,
        .invalidEscape, .invalidUnicode, .tooDeep, .tooLarge, .duplicateKey, .trailingContent,
    ]
}
