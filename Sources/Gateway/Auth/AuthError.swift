/// Why a request's bearer token was refused, or why a token key cannot be used.
///
/// `code` is one of ``AuthErrorCode``'s stable `gateway.<snake_case>` codes; `message` says what
/// went wrong in lowercase, without a final period, and never holds the token or key material.
/// Two errors are equal when their codes are, so tests compare codes and not message wording.
public struct AuthError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for machines: one of ``AuthErrorCode``'s constants.
    public var code: String
    /// What went wrong, for people: lowercase, no final period, header values in backticks.
    public var message: String

    /// Makes an error with a code and a message.
    ///
    /// - Parameters:
    ///   - code: One of ``AuthErrorCode``'s constants.
    ///   - message: Lowercase, no final period, never the token or a key.
    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
    public static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The HTTP status of a response refusing the request: 401 (RFC 6750 §3.1, `invalid_token`).
    public var httpStatus: Int { 401 }

    /// The `WWW-Authenticate` challenge for a response refusing the request (RFC 6750 §3).
    ///
    /// A request without a token gets the bare challenge, `Bearer realm="maestro"` (RFC 6750 §3.1:
    /// no error code when authentication information is absent); any other refusal adds
    /// `error="invalid_token"` and the message as `error_description`, reduced to the characters
    /// RFC 6750 §3 allows there.
    public var wwwAuthenticate: String {
        let challenge = "Bearer realm=\"\(AuthError.realm)\""
        guard code != AuthErrorCode.tokenMissing else { return challenge }
        return challenge + ", error=\"invalid_token\", error_description=\"\(AuthError.descriptionText(message))\""
    }

    /// The protection space named in every challenge (RFC 7235 §2.2).
    static let realm = "maestro"

    /// `message` restricted to RFC 6750 §3's `error_description` characters: `%x20-21 / %x23-5B /
    /// %x5D-7E`. Anything else (a quote, a backslash, a control or non-ASCII character) becomes `?`.
    static func descriptionText(_ message: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(message.utf8.count)
        for scalar in message.unicodeScalars {
            let value = scalar.value
            let isAllowed = (0x20...0x7E).contains(value) && value != 0x22 && value != 0x5C
            bytes.append(isAllowed ? UInt8(value) : UInt8(ascii: "?"))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A value taken from a token (an `alg`, a `kid`) made safe to quote in a message: printable
    /// ASCII only, at most 64 characters, so that a hostile header cannot flood logs or responses.
    static func quoted(_ value: String) -> String {
        let limit = 64
        var text = ""
        for (index, scalar) in value.unicodeScalars.enumerated() {
            if index == limit {
                text += "..."
                break
            }
            text.unicodeScalars.append((0x20...0x7E).contains(scalar.value) ? scalar : "?")
        }
        return "`\(text)`"
    }
}

/// The codes of ``AuthError``, stable and never renamed or reused (ADR 0003).
public enum AuthErrorCode {
    /// An error code's text, `gateway.<snake_case_reason>`.
    public typealias Code = String

    /// The request carries no bearer token (no `Authorization` header, or another scheme).
    public static let tokenMissing = Code("gateway.token_missing")
    /// The token or the `Authorization` header is not well formed: not a compact JWS of three
    /// strict base64url segments, a header or payload that is not a JSON object (or names a
    /// member twice), no string `alg`, or a token over the length limit.
    public static let tokenMalformed = Code("gateway.token_malformed")
    /// The token's `alg` is not allowed, or is not the algorithm of the key that would verify it.
    public static let tokenAlgorithmRejected = Code("gateway.token_algorithm_rejected")
    /// The token's `kid` names no configured key, or it has none and several keys are configured.
    public static let tokenUnknownKey = Code("gateway.token_unknown_key")
    /// The token's signature or MAC does not verify under the configured key.
    public static let tokenSignatureInvalid = Code("gateway.token_signature_invalid")
    /// The token's `exp` has passed (RFC 7519 §4.1.4), allowing for clock leeway.
    public static let tokenExpired = Code("gateway.token_expired")
    /// The token's `nbf` is still ahead (RFC 7519 §4.1.5), allowing for clock leeway.
    public static let tokenNotYetValid = Code("gateway.token_not_yet_valid")
    /// The token's `iss` is missing or is not the configured issuer.
    public static let tokenIssuerMismatch = Code("gateway.token_issuer_mismatch")
    /// The token's `aud` is missing or does not contain the configured audience.
    public static let tokenAudienceMismatch = Code("gateway.token_audience_mismatch")
    /// The token's header has a `crit` parameter (RFC 7515 §4.1.11); no extension is understood.
    public static let tokenCriticalHeader = Code("gateway.token_critical_header")
    /// A claim is missing or has the wrong type or range: `exp`, `nbf`, `iat`, `aud`, or the
    /// principal's `sub`, `tenant`, `role`, `clearance`, `purpose` and `legal_basis`.
    public static let tokenClaimInvalid = Code("gateway.token_claim_invalid")
    /// A verification key cannot be used: an HS256 secret shorter than 32 bytes.
    public static let tokenKeyInvalid = Code("gateway.token_key_invalid")
    /// The local token-signing key file can be read or written by its group or by others.
    public static let tokenKeyInsecure = Code("gateway.token_key_insecure")

    /// Every code, for the uniqueness test and `docs/error-codes.md`.
    public static let all: [Code] = [
        tokenMissing,
        tokenMalformed,
        tokenAlgorithmRejected,
        tokenUnknownKey,
        tokenSignatureInvalid,
        tokenExpired,
        tokenNotYetValid,
        tokenIssuerMismatch,
        tokenAudienceMismatch,
        tokenCriticalHeader,
        tokenClaimInvalid,
        tokenKeyInvalid,
        tokenKeyInsecure,
    ]
}
