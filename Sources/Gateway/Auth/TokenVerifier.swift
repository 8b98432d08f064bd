import JSON

/// Verifies bearer tokens: JWTs (RFC 7519) in the JWS compact serialization, signed with HS256 or
/// EdDSA under configured keys, following the JWT Best Current Practices (RFC 8725).
///
/// The order of checks is fixed and nothing is trusted before the signature is:
/// 1. The token is parsed strictly (``JWS/parse(_:)``): malformed input and `crit` are refused.
/// 2. `alg` must be in the allow-list (so `none`, in any spelling, never passes).
/// 3. The key is chosen by `kid` from configuration only; `jwk`, `jku`, `x5u` and `x5c` are ignored.
/// 4. `alg` must be exactly the key's pinned algorithm, before any cryptography (RFC 8725 §3.1).
/// 5. The signature is verified; only then is the payload read as a claims set.
/// 6. The claims are checked: `exp` (required), `nbf`, `iat`, `iss` and `aud`.
public struct TokenVerifier: Sendable {
    /// The configured keys by key ID.
    let keys: [String: VerificationKey]
    /// The expected `iss`, or `nil` to accept any issuer.
    let issuer: String?
    /// The audience that `aud` must name, or `nil` to accept any audience.
    let audience: String?
    /// Seconds of clock skew allowed on `exp` and `nbf`.
    let leeway: Int64
    /// The `alg` values accepted at all (a subset of `HS256` and `EdDSA`).
    let allowedAlgorithms: Set<String>
    /// Which registered claims must be present and how NumericDates may be written.
    let claimRequirements: ClaimRequirements
    /// Tokens whose signatures verified, or `nil` to verify every time.
    let cache: VerifiedTokenCache?

    /// Makes a verifier.
    ///
    /// Requires distinct key IDs, `leeway >= 0`, and `allowedAlgorithms` within `HS256` and `EdDSA`.
    ///
    /// - Parameters:
    ///   - keys: The keys tokens may be signed with. A token without `kid` is accepted only when
    ///     exactly one key is configured.
    ///   - issuer: The required `iss` claim, or `nil` to accept any.
    ///   - audience: The audience the `aud` claim must contain, or `nil` to accept any.
    ///   - leeway: Seconds of clock skew tolerated on `exp` and `nbf`.
    ///   - allowedAlgorithms: The `alg` values accepted; case-sensitive (RFC 7515 §4.1.1).
    ///   - cacheCapacity: How many verified tokens to remember so their signatures are not
    ///     verified again (see ``VerifiedTokenCache``); 0 verifies every time.
    public init(
        keys: [VerificationKey], issuer: String?, audience: String?, leeway: Int64 = 60,
        allowedAlgorithms: Set<String> = ["HS256", "EdDSA"], cacheCapacity: Int = 10_000
    ) {
        self.init(
            keys: keys, issuer: issuer, audience: audience, leeway: leeway, allowedAlgorithms: allowedAlgorithms,
            claimRequirements: .maestro, cacheCapacity: cacheCapacity)
    }

    /// Makes a verifier with explicit claim requirements; see the public initializer.
    init(
        keys: [VerificationKey], issuer: String?, audience: String?, leeway: Int64, allowedAlgorithms: Set<String>,
        claimRequirements: ClaimRequirements, cacheCapacity: Int = 0
    ) {
        precondition(leeway >= 0, "token leeway must not be negative, not \(leeway)")
        precondition(
            allowedAlgorithms.isSubset(of: VerificationKey.supportedAlgorithms),
            "unsupported token algorithms: \(allowedAlgorithms.subtracting(VerificationKey.supportedAlgorithms).sorted())"
        )
        var byID: [String: VerificationKey] = [:]
        for key in keys {
            precondition(byID.updateValue(key, forKey: key.kid) == nil, "two token keys have the kid `\(key.kid)`")
        }
        self.keys = byID
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.allowedAlgorithms = allowedAlgorithms
        self.claimRequirements = claimRequirements
        precondition(cacheCapacity >= 0, "a token cache capacity is not negative, not \(cacheCapacity)")
        self.cache = cacheCapacity >= 2 ? VerifiedTokenCache(capacity: cacheCapacity) : nil
    }

    /// Verifies a token and returns its claims.
    ///
    /// - Parameters:
    ///   - token: The compact JWS, as sent after `Bearer `.
    ///   - now: The current time in seconds since the Unix epoch.
    /// - Returns: The JWT Claims Set, a JSON object.
    /// - Throws: `gateway.token_malformed` (not a compact JWS, header or payload not a JSON object
    ///   or naming a member twice, no string `alg`, over 8 KiB); `gateway.token_critical_header`;
    ///   `gateway.token_algorithm_rejected` (`alg` not allowed or not the key's algorithm);
    ///   `gateway.token_unknown_key`; `gateway.token_signature_invalid`; `gateway.token_claim_invalid`
    ///   (`exp` missing or not an integer, `nbf`/`iat` not integers, `aud` neither a string nor an
    ///   array of strings); `gateway.token_expired`; `gateway.token_not_yet_valid`;
    ///   `gateway.token_issuer_mismatch`; `gateway.token_audience_mismatch`.
    public func verify(_ token: String, now: Int64) throws(AuthError) -> JSONValue {
        guard let cache else {
            let claims = try Self.parseClaims(try verifySignature(token).payload)
            try verifyClaims(claims, now: now)
            return .object(claims)
        }
        let key = VerifiedTokenCache.key(for: token)
        if let claims = cache.claims(for: key) {
            // The signature verified before; the clock has moved, so the claims are checked again.
            try verifyClaims(claims, now: now)
            return .object(claims)
        }
        let claims = try Self.parseClaims(try verifySignature(token).payload)
        try verifyClaims(claims, now: now)
        cache.remember(key, claims: claims)
        return .object(claims)
    }

    /// Parses a token and verifies its signature, without reading its payload.
    ///
    /// - Parameter token: The compact JWS.
    /// - Returns: The JWS, whose signature is valid under a configured key.
    /// - Throws: as ``verify(_:now:)``, up to `gateway.token_signature_invalid`.
    func verifySignature(_ token: String) throws(AuthError) -> JWS {
        let jws = try JWS.parse(token)
        // RFC 8725 §3.1: accept only the algorithms we chose, which never include `none`.
        guard allowedAlgorithms.contains(jws.algorithm) else {
            throw AuthError(
                AuthErrorCode.tokenAlgorithmRejected,
                "token algorithm \(AuthError.quoted(jws.algorithm)) is not accepted")
        }
        let key = try key(for: jws)
        // RFC 8725 §3.1: "each key MUST be used with exactly one algorithm", checked before any crypto.
        guard jws.algorithm == key.algorithm else {
            throw AuthError(
                AuthErrorCode.tokenAlgorithmRejected,
                "token algorithm \(AuthError.quoted(jws.algorithm)) is not the algorithm of key "
                    + "\(AuthError.quoted(key.kid))")
        }
        guard key.isValidSignature(jws.signature, for: jws.signingInput) else {
            throw AuthError(AuthErrorCode.tokenSignatureInvalid, "token signature does not verify")
        }
        return jws
    }

    /// The configured key named by the token's `kid`, or the only key when it names none.
    private func key(for jws: JWS) throws(AuthError) -> VerificationKey {
        if let kid = jws.keyID {
            guard let key = keys[kid] else {
                throw AuthError(AuthErrorCode.tokenUnknownKey, "token key \(AuthError.quoted(kid)) is not configured")
            }
            return key
        }
        guard keys.count == 1, let only = keys.values.first else {
            throw AuthError(
                AuthErrorCode.tokenUnknownKey, "token names no key (`kid`) and \(keys.count) keys are configured")
        }
        return only
    }

    /// JWT Claims Set limits: claims are a small, shallow object.
    static let claimsOptions = JSONParseOptions(maxDepth: 16, maxBytes: JWS.maximumByteCount, duplicateKeys: .reject)

    /// Parses the payload as a JWT Claims Set: a JSON object naming no member twice (RFC 7519 §7.2
    /// step 10; RFC 7519 §4 lets us reject duplicate names, and RFC 8725 §3.2 asks for strictness).
    static func parseClaims(_ payload: [UInt8]) throws(AuthError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONValue.parse(payload, options: claimsOptions)
        } catch {
            throw AuthError(AuthErrorCode.tokenMalformed, "token payload is not valid JSON: \(error.message)")
        }
        guard let claims = value.objectValue else {
            throw AuthError(AuthErrorCode.tokenMalformed, "token payload is a JSON \(value.typeName), not an object")
        }
        return claims
    }

    /// Checks the registered claims (RFC 7519 §4.1) against the clock and the configuration.
    func verifyClaims(_ claims: [String: JSONValue], now: Int64) throws(AuthError) {
        let expiration = try numericDate("exp", in: claims)
        let notBefore = try numericDate("nbf", in: claims)
        _ = try numericDate("iat", in: claims)
        if expiration == nil, claimRequirements.requiresExpiration {
            throw AuthError(AuthErrorCode.tokenClaimInvalid, "token has no `exp` claim")
        }
        // RFC 7519 §4.1.4: "the current date/time MUST be before the expiration date/time".
        if let expiration, now >= Self.adding(leeway, to: expiration) {
            throw AuthError(AuthErrorCode.tokenExpired, "token expired at \(expiration)")
        }
        // RFC 7519 §4.1.5: "the current date/time MUST be after or equal to the not-before date/time".
        if let notBefore, Self.adding(leeway, to: now) < notBefore {
            throw AuthError(AuthErrorCode.tokenNotYetValid, "token is not valid before \(notBefore)")
        }
        if let issuer {
            // RFC 7519 §4.1.1: a case-sensitive string.
            guard claims["iss"]?.stringValue == issuer else {
                throw AuthError(AuthErrorCode.tokenIssuerMismatch, "token issuer is not `\(issuer)`")
            }
        }
        if let audience {
            // RFC 7519 §4.1.3: one string, or an array of strings, one of which must be ours.
            let audiences: [String]
            switch claims["aud"] {
            case nil:
                audiences = []
            case .string(let single):
                audiences = [single]
            case .array(let elements):
                audiences = elements.compactMap(\.stringValue)
                guard audiences.count == elements.count else {
                    throw AuthError(
                        AuthErrorCode.tokenClaimInvalid, "token claim `aud` holds a value that is not a string")
                }
            case let other?:
                throw AuthError(
                    AuthErrorCode.tokenClaimInvalid,
                    "token claim `aud` is a JSON \(other.typeName), not a string or array")
            }
            guard audiences.contains(audience) else {
                throw AuthError(AuthErrorCode.tokenAudienceMismatch, "token audience does not include `\(audience)`")
            }
        }
    }

    /// A NumericDate claim (RFC 7519 §2) as whole seconds, or `nil` when absent.
    ///
    /// Under ``ClaimRequirements/maestro`` it must be a JSON integer. Where fractions are allowed
    /// they round up, which keeps both comparisons exact for an integer `now`: `now >= x` exactly
    /// when `now >= ceil(x)`, and `now < x` exactly when `now < ceil(x)`.
    private func numericDate(_ name: String, in claims: [String: JSONValue]) throws(AuthError) -> Int64? {
        guard let value = claims[name] else { return nil }
        guard let number = value.numberValue else {
            throw AuthError(
                AuthErrorCode.tokenClaimInvalid, "token claim `\(name)` is a JSON \(value.typeName), not a NumericDate")
        }
        if number.isInteger, let seconds = number.int64Value { return seconds }
        guard claimRequirements.allowsFractionalNumericDates else {
            throw AuthError(AuthErrorCode.tokenClaimInvalid, "token claim `\(name)` is not an integer NumericDate")
        }
        let rounded = number.doubleValue.rounded(.up)
        // Int64's bounds as doubles: 2^63 is out of range, -2^63 is in.
        if rounded >= 0x1p63 { return .max }
        if rounded < -0x1p63 { return .min }
        return Int64(rounded)
    }

    /// `a + b`, saturating at Int64's bounds rather than trapping.
    static func adding(_ a: Int64, to b: Int64) -> Int64 {
        let (sum, overflow) = b.addingReportingOverflow(a)
        if overflow { return a > 0 ? .max : .min }
        return sum
    }
}

extension TokenVerifier {
    /// Which registered claims must be present and how their NumericDates may be written.
    struct ClaimRequirements: Sendable {
        /// Whether `exp` must be present (RFC 7519 makes it optional; RFC 8725 §3.10 leaves it to us).
        var requiresExpiration: Bool
        /// Whether `exp`, `nbf` and `iat` may be non-integer NumericDates (RFC 7519 §2 allows them).
        var allowsFractionalNumericDates: Bool

        /// Maestro's rules: `exp` is required and every NumericDate is a JSON integer.
        static let maestro = ClaimRequirements(requiresExpiration: true, allowsFractionalNumericDates: false)
        /// RFC 7519's minimum, used to check the verifier against third-party vectors that assume
        /// it: `exp` optional, fractional NumericDates allowed.
        static let rfc7519 = ClaimRequirements(requiresExpiration: false, allowsFractionalNumericDates: true)
    }
}
