/// The one error type of the Cryptography module: a stable machine-readable `code` and a human message.
///
/// Codes are `cryptography.<snake_case_reason>`, listed in `docs/error-codes.md`, never renamed or reused.
/// Two errors are equal when their codes are, so tests compare codes and not message wording.
/// Messages never carry key material, not even a fragment of it.
public struct CryptographyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, such as `cryptography.invalid_hex`.
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

extension CryptographyError.Code {
    /// Raw key bytes of the wrong length for the algorithm.
    public static let invalidKeyLength = Self("cryptography.invalid_key_length")
    /// A PEM or DER key that cannot be parsed, or that holds a key of another type.
    public static let invalidKeyEncoding = Self("cryptography.invalid_key_encoding")
    /// Text that is not an even number of hexadecimal digits.
    public static let invalidHex = Self("cryptography.invalid_hex")
    /// Text that is not the canonical base64 or base64url encoding of any bytes.
    public static let invalidBase64 = Self("cryptography.invalid_base64")
    /// The operating system's random number generator could not supply bytes.
    public static let randomUnavailable = Self("cryptography.random_unavailable")
    /// OpenSSL failed where it should not have; the message carries OpenSSL's error string.
    public static let libraryFailure = Self("cryptography.library_failure")
    /// A key file that cannot be opened or read, or that is too large to be a key.
    public static let keyFileUnreadable = Self("cryptography.key_file_unreadable")
    /// A key file that cannot be created, written or made durable.
    public static let keyFileUnwritable = Self("cryptography.key_file_unwritable")
    /// A key file that already exists where a new one was to be saved.
    public static let keyFileExists = Self("cryptography.key_file_exists")

    /// Every code, for the uniqueness test and `docs/error-codes.md`.
    public static let all: [Self] = [
        .invalidKeyLength,
        .invalidKeyEncoding,
        .invalidHex,
        .invalidBase64,
        .randomUnavailable,
        .libraryFailure,
        .keyFileUnreadable,
        .keyFileUnwritable,
        .keyFileExists,
    ]
}
