/// Reads the bearer token out of an `Authorization` header (RFC 6750 §2.1).
public enum BearerToken {
    /// Returns the token of an `Authorization: Bearer <token>` header value.
    ///
    /// The grammar is RFC 6750 §2.1's `credentials = "Bearer" 1*SP b64token`, held to exactly one
    /// space: the scheme is matched case-insensitively (RFC 7235 §2.1) and the token must be
    /// `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
    ///
    /// - Parameter authorization: The header's value, or `nil` when the request has none.
    /// - Returns: The token.
    /// - Throws: `gateway.token_missing` when there is no header, an empty one, or another scheme
    ///   (RFC 6750 §3.1 treats those alike); `gateway.token_malformed` when the `Bearer` credentials
    ///   do not follow the grammar or exceed 8 KiB.
    public static func extract(authorization: String?) throws(AuthError) -> String {
        guard let authorization, !authorization.isEmpty else {
            throw AuthError(AuthErrorCode.tokenMissing, "request has no bearer token")
        }
        let bytes = Array(authorization.utf8)
        let scheme = bytes.prefix { $0 != UInt8(ascii: " ") }
        guard scheme.count == 6, String(decoding: scheme, as: UTF8.self).lowercased() == "bearer" else {
            throw AuthError(AuthErrorCode.tokenMissing, "request authorization does not use the Bearer scheme")
        }
        let token = bytes.dropFirst(scheme.count + 1)
        guard bytes.count > scheme.count, !token.isEmpty else {
            throw AuthError(AuthErrorCode.tokenMalformed, "bearer credentials hold no token")
        }
        guard token.count <= JWS.maximumByteCount else {
            throw AuthError(
                AuthErrorCode.tokenMalformed,
                "bearer token of \(token.count) bytes exceeds the limit of \(JWS.maximumByteCount)")
        }
        guard isToken68(token) else {
            throw AuthError(AuthErrorCode.tokenMalformed, "bearer token has a character outside the token68 syntax")
        }
        return String(decoding: token, as: UTF8.self)
    }

    /// RFC 7235 §2.1 `token68` (= RFC 6750 `b64token`): at least one token character, then any `=`.
    static func isToken68(_ bytes: ArraySlice<UInt8>) -> Bool {
        let body = bytes.prefix(while: isToken68Character)
        guard !body.isEmpty else { return false }
        return bytes[body.endIndex...].allSatisfy { $0 == UInt8(ascii: "=") }
    }

    private static func isToken68Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"),
            UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }
}
