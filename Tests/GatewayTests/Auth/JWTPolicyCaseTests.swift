import Cryptography
import TestSupport
import Testing

@testable import Gateway

/// The RFC 8725 verifier-policy cases (`shared/vectors/jwt/rfc8725_cases.json`): each configures a
/// verifier with one key, an algorithm allow-list, a clock and zero leeway, and names a verdict.
struct JWTPolicyCaseTests {
    static let file = "rfc8725_cases.json"
    static let enabled = Vectors.shouldRun("jwt")
    static let skip = Comment(rawValue: Vectors.skipMessage("jwt"))

    /// One case.
    struct Case: Sendable {
        var id: String
        var description: String
        var token: String
        var verifierKey: String
        var allowedAlgorithms: Set<String>
        var now: Int64
        var leeway: Int64
        /// `accept` or `reject`: the file's `expected`, or its `preferred` where `expected` is `either`.
        var verdict: String
        var isEither: Bool
    }

    static let cases: [Case] = (try? load()) ?? []
    static let keys: [String: VerificationKey] = (try? loadKeys()) ?? [:]

    static func load() throws -> [Case] {
        try JWTVectorFile.object(file).member("cases", as: [[String: Any]].self).map { item in
            let expected: String = try item.member("expected")
            let isEither = expected == "either"
            return Case(
                id: try item.member("id"), description: try item.member("description"), token: try item.member("token"),
                verifierKey: try item.member("verifierKey"),
                allowedAlgorithms: Set(try item.member("allowedAlgs", as: [String].self)),
                now: Int64(try item.member("now", as: Int.self)), leeway: Int64(item["leeway"] as? Int ?? 0),
                verdict: isEither ? try item.member("preferred") : expected, isEither: isEither)
        }
    }

    /// The two verifier keys the cases name: `hs256` (a JWK `oct`) and `ed25519` (a JWK `OKP` public key).
    static func loadKeys() throws -> [String: VerificationKey] {
        let keys: [String: Any] = try JWTVectorFile.object(file).member("keys")
        let secret = try JWTVectorFile.jwkBytes(try keys.member("hs256"), "k")
        let publicKey = try Ed25519.PublicKey(
            rawRepresentation: try JWTVectorFile.jwkBytes(try keys.member("ed25519"), "x"))
        return [
            "hs256": try VerificationKey(kid: "hs256", .hs256(secret: secret)),
            "ed25519": try VerificationKey(kid: "ed25519", .eddsa(publicKey)),
        ]
    }

    /// Why each case that is refused is refused. Algorithm checks come before any cryptography, so
    /// every `none`, confusion and allow-list case is `token_algorithm_rejected`, never a bad signature.
    static let expectedCodes: [String: String] = [
        "alg-none-unsigned": AuthErrorCode.tokenAlgorithmRejected,
        "alg-None-unsigned": AuthErrorCode.tokenAlgorithmRejected,
        "alg-NONE-unsigned": AuthErrorCode.tokenAlgorithmRejected,
        "alg-nOnE-unsigned": AuthErrorCode.tokenAlgorithmRejected,
        "alg-none-with-mac": AuthErrorCode.tokenAlgorithmRejected,
        "alg-none-rfc7519": AuthErrorCode.tokenAlgorithmRejected,
        "alg-lowercase": AuthErrorCode.tokenAlgorithmRejected,
        "alg-missing": AuthErrorCode.tokenMalformed,
        "alg-not-string": AuthErrorCode.tokenMalformed,
        "confusion-hs256-raw-pubkey": AuthErrorCode.tokenAlgorithmRejected,
        "confusion-hs256-pem-pubkey": AuthErrorCode.tokenAlgorithmRejected,
        "confusion-hs256-jwk-x": AuthErrorCode.tokenAlgorithmRejected,
        "confusion-both-allowed": AuthErrorCode.tokenAlgorithmRejected,  // HS256 allowed, but the key is EdDSA
        "eddsa-token-hs-verifier": AuthErrorCode.tokenAlgorithmRejected,
        "hs512-not-allowed": AuthErrorCode.tokenAlgorithmRejected,
        "rs256-header-hs-key": AuthErrorCode.tokenAlgorithmRejected,
        "es256-header-ed-key": AuthErrorCode.tokenAlgorithmRejected,
        "embedded-jwk-attacker": AuthErrorCode.tokenSignatureInvalid,  // the embedded key is never used
        "hs256-bitflip": AuthErrorCode.tokenSignatureInvalid,
        "hs256-truncated-mac": AuthErrorCode.tokenSignatureInvalid,
        "hs256-empty-mac": AuthErrorCode.tokenSignatureInvalid,
        "hs256-padded-mac": AuthErrorCode.tokenMalformed,
        "hs256-std-b64-payload": AuthErrorCode.tokenMalformed,
        "hs256-whitespace": AuthErrorCode.tokenMalformed,
        "two-segments": AuthErrorCode.tokenMalformed,
        "four-segments": AuthErrorCode.tokenMalformed,
        "jwe-shaped": AuthErrorCode.tokenMalformed,
        "header-not-object": AuthErrorCode.tokenMalformed,
        "header-not-json": AuthErrorCode.tokenMalformed,
        "dup-alg-last-none": AuthErrorCode.tokenMalformed,  // duplicate header names are rejected
        "crit-unknown": AuthErrorCode.tokenCriticalHeader,
        "crit-empty": AuthErrorCode.tokenCriticalHeader,  // `either`; we take the preferred `reject`
        "crit-b64-false": AuthErrorCode.tokenMalformed,  // the unencoded payload `$.02` makes four segments
        "eddsa-s-plus-l": AuthErrorCode.tokenSignatureInvalid,
        "eddsa-sig-63-bytes": AuthErrorCode.tokenSignatureInvalid,
        "eddsa-wrong-key": AuthErrorCode.tokenSignatureInvalid,
        "exp-past": AuthErrorCode.tokenExpired,
        "exp-equals-now": AuthErrorCode.tokenExpired,
        "nbf-future": AuthErrorCode.tokenNotYetValid,
        "exp-string": AuthErrorCode.tokenClaimInvalid,
        "payload-not-json": AuthErrorCode.tokenMalformed,
        "payload-json-array": AuthErrorCode.tokenMalformed,
        "dup-claim-exp": AuthErrorCode.tokenMalformed,  // `either`; duplicate claim names are rejected
    ]

    /// Cases the file accepts under RFC 7519's minimum that Maestro's own rules refuse: every token
    /// must carry `exp`, as a JSON integer. The vectors allow an application to require this.
    static let stricterUnderMaestroRules: [String: String] = [
        "no-exp": AuthErrorCode.tokenClaimInvalid,
        "exp-fractional": AuthErrorCode.tokenClaimInvalid,
    ]

    /// A verifier configured exactly as the case says.
    static func verifier(for test: Case, claimRequirements: TokenVerifier.ClaimRequirements) throws -> TokenVerifier {
        let key = try #require(keys[test.verifierKey], "case \(test.id) names key \(test.verifierKey)")
        return TokenVerifier(
            keys: [key], issuer: nil, audience: nil, leeway: test.leeway, allowedAlgorithms: test.allowedAlgorithms,
            claimRequirements: claimRequirements)
    }

    @Test(.enabled(if: enabled, skip))
    func coversEveryCase() throws {
        #expect(Self.cases.count == 50)
        #expect(Set(Self.cases.map(\.id)).count == 50, "ids are unique")
        #expect(Self.keys.count == 2)
        // 7 accept and 41 reject; the 2 `either` cases count as their preferred `reject`.
        #expect(Self.cases.filter { $0.verdict == "accept" }.count == 7)
        #expect(Self.cases.filter { $0.verdict == "reject" && !$0.isEither }.count == 41)
        #expect(Self.cases.filter(\.isEither).map(\.id).sorted() == ["crit-empty", "dup-claim-exp"])
        #expect(Self.cases.allSatisfy { $0.leeway == 0 })
        #expect(Set(Self.cases.filter { $0.verdict == "reject" }.map(\.id)) == Set(Self.expectedCodes.keys))
        #expect(
            Set(Self.stricterUnderMaestroRules.keys).isSubset(
                of: Self.cases.filter { $0.verdict == "accept" }.map(\.id)))
    }

    /// Under RFC 7519's minimum claim rules, the verdict is the file's (`preferred` for `either`).
    @Test(.enabled(if: enabled, skip), arguments: cases.map(\.id))
    func returnsTheExpectedVerdict(id: String) throws {
        let test = try #require(Self.cases.first { $0.id == id })
        let verifier = try Self.verifier(for: test, claimRequirements: .rfc7519)
        let failure = TestTokens.error { () throws(AuthError) in try verifier.verify(test.token, now: test.now) }
        if test.verdict == "accept" {
            #expect(failure == nil, "\(id): \(test.description): \(failure.map(String.init(describing:)) ?? "")")
        } else {
            #expect(failure != nil, "\(id): \(test.description)")
            #expect(failure?.code == Self.expectedCodes[id], "\(id): \(failure.map(String.init(describing:)) ?? "")")
        }
    }

    /// Under Maestro's rules (the public initializer's), the verdicts are the same except for the
    /// two documented cases, which are refused as `token_claim_invalid`.
    @Test(.enabled(if: enabled, skip), arguments: cases.map(\.id))
    func returnsTheSameVerdictUnderMaestroRulesExceptWhereStricter(id: String) throws {
        let test = try #require(Self.cases.first { $0.id == id })
        let key = try #require(Self.keys[test.verifierKey])
        let verifier = TokenVerifier(
            keys: [key], issuer: nil, audience: nil, leeway: test.leeway, allowedAlgorithms: test.allowedAlgorithms)
        let failure = TestTokens.error { () throws(AuthError) in try verifier.verify(test.token, now: test.now) }
        if let code = Self.stricterUnderMaestroRules[id] {
            #expect(failure?.code == code, "\(id)")
        } else if test.verdict == "accept" {
            #expect(failure == nil, "\(id): \(failure.map(String.init(describing:)) ?? "")")
        } else {
            #expect(failure?.code == Self.expectedCodes[id], "\(id)")
        }
    }
}
