import Cryptography
import JSON

/// Issues bearer tokens: JWTs (RFC 7519) signed with Ed25519 (JWA `EdDSA`, RFC 8037 §3.1) in the
/// JWS compact serialization, which ``TokenVerifier`` accepts with the matching public key.
///
/// The header is `{"alg":"EdDSA","kid":…,"typ":"JWT"}` and both header and claims are written
/// in canonical JSON (RFC 8785), so the same inputs always give the same token.
public struct TokenIssuer: Sendable {
    /// The registered claims the issuer sets itself; callers may not pass them.
    static let registeredClaims: Set<String> = ["iss", "aud", "iat", "nbf", "exp"]

    let key: Ed25519.PrivateKey
    let kid: String
    let issuer: String
    let audience: String

    /// Makes an issuer.
    ///
    /// - Parameters:
    ///   - key: The signing key.
    ///   - kid: The key ID written into every token's header.
    ///   - issuer: The `iss` claim of every token.
    ///   - audience: The `aud` claim of every token.
    public init(key: Ed25519.PrivateKey, kid: String, issuer: String, audience: String) {
        self.key = key
        self.kid = kid
        self.issuer = issuer
        self.audience = audience
    }

    /// Issues a token holding `claims` plus `iss`, `aud`, `iat` and `nbf` (both `now`) and `exp`
    /// (`now + lifetime`).
    ///
    /// - Parameters:
    ///   - claims: The token's other claims, such as `sub`, `tenant` and `role`.
    ///   - now: The issue time, in seconds since the Unix epoch.
    ///   - lifetime: Seconds from `now` until the token expires; positive.
    /// - Returns: The compact JWS, `header.payload.signature`.
    /// - Throws: `gateway.token_claim_invalid` if `claims` names `iss`, `aud`, `iat`, `nbf` or
    ///   `exp`, or if `lifetime` is not positive or `now + lifetime` overflows;
    ///   `CryptographyError` if signing fails.
    public func issue(claims: [String: JSONValue], now: Int64, lifetime: Int64) throws -> String {
        if let reserved = claims.keys.filter(Self.registeredClaims.contains).sorted().first {
            throw AuthError(AuthErrorCode.tokenClaimInvalid, "claim `\(reserved)` is set by the token issuer")
        }
        let (expiration, overflow) = now.addingReportingOverflow(lifetime)
        guard lifetime > 0, !overflow else {
            throw AuthError(AuthErrorCode.tokenClaimInvalid, "token lifetime `\(lifetime)` is not a positive duration")
        }
        var payload = claims
        payload["iss"] = .string(issuer)
        payload["aud"] = .string(audience)
        payload["iat"] = .number(JSONNumber(now))
        payload["nbf"] = .number(JSONNumber(now))
        payload["exp"] = .number(JSONNumber(expiration))
        let header: JSONValue = ["alg": "EdDSA", "kid": .string(kid), "typ": "JWT"]

        // RFC 7515 §5.1 steps 1–6: the signing input is BASE64URL(header) '.' BASE64URL(payload).
        let signingInput =
            Base64URL.encode(header.encoded(.canonical)) + "."
            + Base64URL.encode(JSONValue.object(payload).encoded(.canonical))
        let signature = try key.signature(for: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }
}
