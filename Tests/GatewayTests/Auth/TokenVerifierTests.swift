import Cryptography
import JSON
import Testing

@testable import Gateway

struct TokenVerifierTests {
    static let now: Int64 = 1_700_000_000

    /// Claims valid at ``now`` with the given changes; `nil` removes a claim.
    static func claims(_ changes: [String: JSONValue?] = [:]) -> String {
        var members: [String: JSONValue] = ["sub": "u1", "exp": .number(JSONNumber(now + 3600))]
        for (name, value) in changes { members[name] = value }
        return TestTokens.claims(members)
    }

    static func code(_ verifier: TokenVerifier, _ token: String, now: Int64 = now) -> String? {
        TestTokens.error { () throws(AuthError) in try verifier.verify(token, now: now) }?.code
    }

    // MARK: - Representative error codes

    @Test func acceptsAValidTokenAndReturnsItsClaims() throws {
        let claims = try TestTokens.hs256Verifier().verify(TestTokens.hs256(payload: Self.claims()), now: Self.now)
        #expect(claims["sub"] == "u1")
        #expect(claims["exp"]?.int64Value == Self.now + 3600)
    }

    @Test func rejectsAlgorithmNoneInEverySpelling() throws {
        let verifier = try TestTokens.hs256Verifier()
        for alg in ["none", "None", "NONE", "nOnE"] {
            let input = TestTokens.signingInput(header: #"{"alg":"\#(alg)"}"#, payload: Self.claims())
            #expect(Self.code(verifier, input + ".") == AuthErrorCode.tokenAlgorithmRejected, "\(alg)")
        }
    }

    @Test func rejectsABadMAC() throws {
        let token = TestTokens.hs256(payload: Self.claims(), secret: [UInt8](repeating: 7, count: 32))
        #expect(Self.code(try TestTokens.hs256Verifier(), token) == AuthErrorCode.tokenSignatureInvalid)
    }

    @Test func rejectsAlgorithmsOutsideTheAllowListOrNotPinnedToTheKey() throws {
        let edKey = try Ed25519.PrivateKey.generate()
        let verifier = TokenVerifier(
            keys: [
                try VerificationKey(kid: "hs", .hs256(secret: TestTokens.secret)),
                try VerificationKey(kid: "ed", .eddsa(edKey.publicKey)),
            ], issuer: nil, audience: nil, leeway: 0)
        // HS256 keyed with the Ed25519 public key's bytes, naming the Ed25519 key: algorithm confusion.
        let confused = TestTokens.hs256(
            header: #"{"alg":"HS256","kid":"ed"}"#, payload: Self.claims(), secret: edKey.publicKey.rawRepresentation)
        #expect(Self.code(verifier, confused) == AuthErrorCode.tokenAlgorithmRejected)
        // EdDSA naming the HMAC key.
        let swapped = try TestTokens.eddsa(header: #"{"alg":"EdDSA","kid":"hs"}"#, payload: Self.claims(), key: edKey)
        #expect(Self.code(verifier, swapped) == AuthErrorCode.tokenAlgorithmRejected)
        // Algorithms we never accept.
        for alg in ["HS512", "RS256", "ES256", "hs256", "EDDSA", "Ed25519"] {
            let token = TestTokens.hs256(header: #"{"alg":"\#(alg)","kid":"hs"}"#, payload: Self.claims())
            #expect(Self.code(verifier, token) == AuthErrorCode.tokenAlgorithmRejected, "\(alg)")
        }
        // An allow-list narrower than the keys.
        let hsOnly = TokenVerifier(
            keys: [try VerificationKey(kid: "ed", .eddsa(edKey.publicKey))], issuer: nil, audience: nil, leeway: 0,
            allowedAlgorithms: ["HS256"])
        let valid = try TestTokens.eddsa(payload: Self.claims(), key: edKey)
        #expect(Self.code(hsOnly, valid) == AuthErrorCode.tokenAlgorithmRejected)
    }

    @Test func neverUsesAKeyEmbeddedInTheHeader() throws {
        let ours = try Ed25519.PrivateKey.generate()
        let attacker = try Ed25519.PrivateKey.generate()
        let verifier = TokenVerifier(
            keys: [try VerificationKey(kid: "ed", .eddsa(ours.publicKey))], issuer: nil, audience: nil, leeway: 0)
        let x = Base64URL.encode(attacker.publicKey.rawRepresentation)
        for parameter in [
            #""jwk":{"kty":"OKP","crv":"Ed25519","x":"\#(x)"}"#, #""jku":"https://attacker.example/keys""#,
            #""x5u":"https://attacker.example/cert""#,
        ] {
            let token = try TestTokens.eddsa(
                header: #"{"alg":"EdDSA","kid":"ed",\#(parameter)}"#, payload: Self.claims(), key: attacker)
            #expect(Self.code(verifier, token) == AuthErrorCode.tokenSignatureInvalid, "\(parameter)")
        }
    }

    @Test func rejectsEveryCritHeader() throws {
        let verifier = try TestTokens.hs256Verifier()
        for crit in [#"[]"#, #"["exp"]"#, #"["b64"]"#, #""b64""#] {
            let token = TestTokens.hs256(header: #"{"alg":"HS256","crit":\#(crit)}"#, payload: Self.claims())
            #expect(Self.code(verifier, token) == AuthErrorCode.tokenCriticalHeader, "\(crit)")
        }
    }

    @Test func rejectsMalformedTokens() throws {
        let verifier = try TestTokens.hs256Verifier()
        let valid = TestTokens.hs256(payload: Self.claims())
        let malformed = [
            "", ".", "..", "a.b", valid + ".", valid + "=", " " + valid,
            valid.replacingOccurrences(of: ".", with: ". "),
            #"{"payload":"e30","signatures":[]}"#,
            TestTokens.hs256(header: #"{"alg":"HS256","alg":"HS256"}"#, payload: Self.claims()),
            TestTokens.hs256(header: #"{"alg":"HS256","kid":7}"#, payload: Self.claims()),
            TestTokens.hs256(header: #"{"alg":null}"#, payload: Self.claims()),
            TestTokens.hs256(header: "[]", payload: Self.claims()),
            TestTokens.hs256(payload: #"{"exp":1,"exp":1}"#),
            TestTokens.hs256(payload: "null"),
            TestTokens.hs256(payload: ""),
        ]
        for token in malformed {
            #expect(Self.code(verifier, token) == AuthErrorCode.tokenMalformed, "\(token)")
        }
    }

    @Test func boundsTheTokenLength() throws {
        let verifier = try TestTokens.hs256Verifier()
        let padding = String(repeating: "a", count: 6000)
        let big = TestTokens.hs256(payload: Self.claims(["pad": .string(padding)]))
        #expect(big.utf8.count <= JWS.maximumByteCount)
        #expect(Self.code(verifier, big) == nil)
        let tooBig = TestTokens.hs256(payload: Self.claims(["pad": .string(padding + padding)]))
        #expect(Self.code(verifier, tooBig) == AuthErrorCode.tokenMalformed)
    }

    // MARK: - Key selection

    @Test func choosesTheKeyNamedByKid() throws {
        let other = [UInt8](repeating: 9, count: 40)
        let verifier = TokenVerifier(
            keys: [
                try VerificationKey(kid: "a", .hs256(secret: TestTokens.secret)),
                try VerificationKey(kid: "b", .hs256(secret: other)),
            ], issuer: nil, audience: nil, leeway: 0)
        let headerB = #"{"alg":"HS256","kid":"b"}"#
        #expect(Self.code(verifier, TestTokens.hs256(header: headerB, payload: Self.claims(), secret: other)) == nil)
        #expect(
            Self.code(verifier, TestTokens.hs256(header: headerB, payload: Self.claims()))
                == AuthErrorCode.tokenSignatureInvalid)
        #expect(
            Self.code(verifier, TestTokens.hs256(header: #"{"alg":"HS256","kid":"c"}"#, payload: Self.claims()))
                == AuthErrorCode.tokenUnknownKey)
        // Without `kid`, two keys are ambiguous; one key is not.
        #expect(Self.code(verifier, TestTokens.hs256(payload: Self.claims())) == AuthErrorCode.tokenUnknownKey)
        #expect(Self.code(try TestTokens.hs256Verifier(), TestTokens.hs256(payload: Self.claims())) == nil)
        // With one key, a `kid` must still name it.
        let named = TestTokens.hs256(header: #"{"alg":"HS256","kid":"nope"}"#, payload: Self.claims())
        #expect(Self.code(try TestTokens.hs256Verifier(), named) == AuthErrorCode.tokenUnknownKey)
    }

    @Test func refusesShortHMACSecrets() {
        #expect(throws: AuthError(AuthErrorCode.tokenKeyInvalid, "")) {
            try VerificationKey(kid: "k", .hs256(secret: [UInt8](repeating: 1, count: 31)))
        }
        let key = try? VerificationKey(kid: "k", .hs256(secret: TestTokens.secret))
        #expect(key?.description == "VerificationKey(kid: k, algorithm: HS256)")
    }

    // MARK: - Time claims and leeway

    @Test func appliesExpAndNbfAtTheirBoundariesWithoutLeeway() throws {
        let verifier = try TestTokens.hs256Verifier(leeway: 0)
        let exp = { (value: Int64) in TestTokens.hs256(payload: Self.claims(["exp": .number(JSONNumber(value))])) }
        let nbf = { (value: Int64) in TestTokens.hs256(payload: Self.claims(["nbf": .number(JSONNumber(value))])) }
        #expect(Self.code(verifier, exp(Self.now + 1)) == nil)
        #expect(Self.code(verifier, exp(Self.now)) == AuthErrorCode.tokenExpired)  // RFC 7519 §4.1.4: "on or after"
        #expect(Self.code(verifier, exp(Self.now - 1)) == AuthErrorCode.tokenExpired)
        #expect(Self.code(verifier, nbf(Self.now)) == nil)  // RFC 7519 §4.1.5: "after or equal"
        #expect(Self.code(verifier, nbf(Self.now + 1)) == AuthErrorCode.tokenNotYetValid)
    }

    @Test func toleratesClockSkewUpToTheLeeway() throws {
        let verifier = try TestTokens.hs256Verifier(leeway: 60)
        let exp = { (value: Int64) in TestTokens.hs256(payload: Self.claims(["exp": .number(JSONNumber(value))])) }
        let nbf = { (value: Int64) in TestTokens.hs256(payload: Self.claims(["nbf": .number(JSONNumber(value))])) }
        #expect(Self.code(verifier, exp(Self.now - 59)) == nil)
        #expect(Self.code(verifier, exp(Self.now - 60)) == AuthErrorCode.tokenExpired)
        #expect(Self.code(verifier, nbf(Self.now + 60)) == nil)
        #expect(Self.code(verifier, nbf(Self.now + 61)) == AuthErrorCode.tokenNotYetValid)
        // The default leeway is 60 seconds.
        let defaulted = TokenVerifier(
            keys: [try VerificationKey(kid: "k", .hs256(secret: TestTokens.secret))], issuer: nil, audience: nil)
        #expect(defaulted.leeway == 60)
        #expect(Self.code(defaulted, exp(Self.now - 59)) == nil)
    }

    @Test func doesNotOverflowAtTheEdgesOfTime() throws {
        let verifier = try TestTokens.hs256Verifier(leeway: 60)
        let far = TestTokens.hs256(payload: Self.claims(["exp": .number(JSONNumber(Int64.max))]))
        #expect(Self.code(verifier, far, now: Int64.max - 1) == nil)
        let early = TestTokens.hs256(payload: Self.claims(["exp": .number(JSONNumber(Int64.min))]))
        #expect(Self.code(verifier, early, now: 0) == AuthErrorCode.tokenExpired)
        #expect(Self.code(verifier, early, now: Int64.min) == nil)
        let notBefore = TestTokens.hs256(
            payload: Self.claims(["nbf": .number(JSONNumber(Int64.max)), "exp": .number(JSONNumber(Int64.max))]))
        #expect(Self.code(verifier, notBefore, now: Int64.max - 1) == nil)
        #expect(Self.code(verifier, notBefore, now: 0) == AuthErrorCode.tokenNotYetValid)
    }

    @Test func requiresIntegerNumericDatesAndAnExpiry() throws {
        let verifier = try TestTokens.hs256Verifier()
        let invalid: [[String: JSONValue?]] = [
            ["exp": nil], ["exp": "1700003600"], ["exp": 1_700_003_600.5], ["exp": true],
            ["exp": .array([])], ["exp": .null], ["nbf": "0"], ["nbf": 1.5], ["iat": "now"], ["iat": 1_699_999_999.5],
        ]
        for change in invalid {
            let token = TestTokens.hs256(payload: Self.claims(change))
            #expect(Self.code(verifier, token) == AuthErrorCode.tokenClaimInvalid, "\(change)")
        }
        // Only an integer literal is an integer: not an exponent or a fraction of zero, and not one beyond Int64.
        for exp in ["1.7000036e9", "1700003600.0", "99999999999999999999"] {
            let token = TestTokens.hs256(payload: #"{"exp":\#(exp)}"#)
            #expect(Self.code(verifier, token) == AuthErrorCode.tokenClaimInvalid, "\(exp)")
        }
        #expect(Self.code(verifier, TestTokens.hs256(payload: Self.claims(["iat": 1_699_999_999]))) == nil)
    }

    @Test func roundsFractionalDatesUpUnderRFC7519Rules() throws {
        let verifier = TokenVerifier(
            keys: [try VerificationKey(kid: "k", .hs256(secret: TestTokens.secret))], issuer: nil, audience: nil,
            leeway: 0, allowedAlgorithms: ["HS256"], claimRequirements: .rfc7519)
        let exp = { (value: Double) in
            TestTokens.hs256(payload: TestTokens.claims(["exp": .number(JSONNumber(value)!)]))
        }
        #expect(Self.code(verifier, exp(Double(Self.now) + 0.5)) == nil)
        #expect(Self.code(verifier, exp(Double(Self.now) - 0.5)) == AuthErrorCode.tokenExpired)
        #expect(Self.code(verifier, exp(1e300)) == nil)
        #expect(Self.code(verifier, TestTokens.hs256(payload: "{}")) == nil)
    }

    // MARK: - Issuer and audience

    @Test func checksTheIssuerWhenConfigured() throws {
        let verifier = try TestTokens.hs256Verifier(issuer: "maestro-local")
        #expect(Self.code(verifier, TestTokens.hs256(payload: Self.claims(["iss": "maestro-local"]))) == nil)
        for change: [String: JSONValue?] in [
            ["iss": nil], ["iss": "Maestro-local"], ["iss": 1], ["iss": ["maestro-local"]],
        ] {
            #expect(
                Self.code(verifier, TestTokens.hs256(payload: Self.claims(change)))
                    == AuthErrorCode.tokenIssuerMismatch,
                "\(change)")
        }
    }

    @Test func checksTheAudienceWhenConfigured() throws {
        let verifier = try TestTokens.hs256Verifier(audience: "maestro")
        for accepted: JSONValue in ["maestro", ["other", "maestro"]] {
            #expect(
                Self.code(verifier, TestTokens.hs256(payload: Self.claims(["aud": accepted]))) == nil, "\(accepted)")
        }
        for rejected: JSONValue? in [nil, "other", [], ["other"], "MAESTRO"] {
            #expect(
                Self.code(verifier, TestTokens.hs256(payload: Self.claims(["aud": rejected])))
                    == AuthErrorCode.tokenAudienceMismatch, "\(String(describing: rejected))")
        }
        for invalid: JSONValue in [1, ["maestro", 1], ["aud": "maestro"]] {
            #expect(
                Self.code(verifier, TestTokens.hs256(payload: Self.claims(["aud": invalid])))
                    == AuthErrorCode.tokenClaimInvalid, "\(invalid)")
        }
        // Unconfigured, any audience passes.
        #expect(Self.code(try TestTokens.hs256Verifier(), TestTokens.hs256(payload: Self.claims(["aud": 1]))) == nil)
    }

    @Test func checksTheSignatureBeforeAnyClaim() throws {
        // An expired token with a bad MAC reports the MAC: nothing unauthenticated is looked at.
        let token = TestTokens.hs256(
            payload: Self.claims(["exp": 1, "aud": 5]), secret: [UInt8](repeating: 3, count: 32))
        #expect(Self.code(try TestTokens.hs256Verifier(audience: "x"), token) == AuthErrorCode.tokenSignatureInvalid)
    }
}
