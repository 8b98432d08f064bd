/// The one error type of the PolicyEngine module: a stable machine-readable `code`, a human
/// message and, for errors in policy text, where in the source it happened.
///
/// Codes are `policy.<snake_case_reason>`, listed in `docs/error-codes.md`, never renamed or reused.
/// Two errors are equal when their codes are, so tests compare codes and not message wording.
public struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, such as `policy.unexpected_token`.
        public let rawValue: String
        public var description: String { rawValue }
        init(_ rawValue: String) { self.rawValue = rawValue }
    }

    /// What went wrong, for machines.
    public var code: Code
    /// What went wrong, for people: lowercase, no final period, user input in backticks.
    public var message: String
    /// Where in the policy text, when the error is about policy text.
    public var span: SourceSpan?

    /// Makes an error with a code, a message and optionally a source location.
    public init(_ code: Code, _ message: String, at span: SourceSpan? = nil) {
        self.code = code
        self.message = message
        self.span = span
    }

    /// `file:line:column: code: message`, the form editors and CI logs understand.
    public var description: String {
        if let span { return "\(span): \(code): \(message)" }
        return "\(code): \(message)"
    }

    public static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension PolicyError.Code {
    // Policy text.
    /// A character that cannot start any token.
    public static let invalidCharacter = Self("policy.invalid_character")
    /// A token where the grammar expects something else; the message says what was expected.
    public static let unexpectedToken = Self("policy.unexpected_token")
    /// A string literal without its closing quote.
    public static let unterminatedString = Self("policy.unterminated_string")
    /// A backslash escape that Cedar does not define.
    public static let invalidEscape = Self("policy.invalid_escape")
    /// An integer literal outside the 64-bit `Long` range.
    public static let integerOutOfRange = Self("policy.integer_out_of_range")
    /// A scope element in a form Cedar does not allow, such as `principal in [ … ]`.
    public static let invalidScope = Self("policy.invalid_scope")
    /// A function or method that is not in the supported language.
    public static let unknownFunction = Self("policy.unknown_function")
    /// A record literal that names the same key twice.
    public static let duplicateKey = Self("policy.duplicate_key")
    /// A policy that carries the same annotation twice.
    public static let duplicateAnnotation = Self("policy.duplicate_annotation")
    /// Two policies in one set with the same id.
    public static let duplicatePolicyID = Self("policy.duplicate_policy_id")
    /// An `@id` annotation without a value, or with an empty one.
    public static let invalidPolicyID = Self("policy.invalid_policy_id")
    /// An expression nested deeper than the engine evaluates (see `Parser.maximumDepth`).
    public static let nestingTooDeep = Self("policy.nesting_too_deep")

    // Evaluation (reported in a decision's `errors`; the policy is skipped).
    /// An attribute that the record or entity does not have.
    public static let attributeMissing = Self("policy.attribute_missing")
    /// An attribute read from an entity that is not in the request's entities.
    public static let entityNotFound = Self("policy.entity_not_found")
    /// An operand of the wrong type, such as `<` on strings.
    public static let typeError = Self("policy.type_error")
    /// `Long` arithmetic that overflows 64 bits.
    public static let overflow = Self("policy.overflow")

    // Requests, entities and schemas.
    /// A request that is not in Cedar's JSON request form.
    public static let invalidRequest = Self("policy.invalid_request")
    /// An entity list that is not in Cedar's JSON entity form.
    public static let invalidEntities = Self("policy.invalid_entities")
    /// A schema that is not in the supported subset of Cedar's JSON schema form.
    public static let invalidSchema = Self("policy.invalid_schema")

    // Validation against a schema (`maestro policy check --schema`).
    /// An entity type that the schema does not declare.
    public static let unknownEntityType = Self("policy.unknown_entity_type")
    /// An action that the schema does not declare.
    public static let unknownAction = Self("policy.unknown_action")
    /// An attribute that the schema does not declare for that type.
    public static let unknownAttribute = Self("policy.unknown_attribute")
    /// An operand whose schema type does not fit the operator.
    public static let typeMismatch = Self("policy.type_mismatch")
    /// A comparison that can never hold, such as `==` between a `Long` and a `String`.
    public static let impossibleComparison = Self("policy.impossible_comparison")
    /// A policy whose scope matches no principal, action and resource the schema allows.
    public static let impossibleScope = Self("policy.impossible_scope")
    /// A read of an attribute the schema declares optional, without a `has` test that guards it.
    public static let unsafeOptionalAttribute = Self("policy.unsafe_optional_attribute")

    // Fixtures (`maestro policy test`).
    /// A fixture file that is not in the fixture format.
    public static let invalidFixture = Self("policy.invalid_fixture")
}
