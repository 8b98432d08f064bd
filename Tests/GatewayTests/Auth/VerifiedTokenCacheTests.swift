import Cryptography
import JSON
import Testing

@testable import Gateway

/// The verified-token cache saves signature checks and nothing else: every other check still runs
/// on every use, a changed token never matches, and memory stays bounded.
struct VerifiedTokenCacheTests {
    static let now = TokenVerifierTests.now

    @Test func checksExpiryOnEveryUseOfARememberedToken() throws {
        let verifier = try TestTokens.hs256Verifier()
        let token = TestTokens.hs256(payload: TokenVerifierTests.claims())
        #expect(try verifier.verify(token, now: Self.now)["sub"] == "u1")
        #expect(verifier.cache?.count == 1)
        #expect(TokenVerifierTests.code(verifier, token, now: Self.now + 3600) == "gateway.token_expired")
        // Still remembered (the signature did verify), and still accepted when the clock allows.
        #expect(try verifier.verify(token, now: Self.now + 10)["sub"] == "u1")
    }

    @Test func neverMatchesATokenThatDiffersInAnyByte() throws {
        let verifier = try TestTokens.hs256Verifier()
        let token = TestTokens.hs256(payload: TokenVerifierTests.claims())
        _ = try verifier.verify(token, now: Self.now)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // Flip the signature's first character, and separately the payload's.
        let flip: (String) -> String = { part in
            let first = part.first == "A" ? "B" : "A"
            return first + part.dropFirst()
        }
        let badSignature = [parts[0], parts[1], flip(parts[2])].joined(separator: ".")
        let badPayload = [parts[0], flip(parts[1]), parts[2]].joined(separator: ".")
        #expect(TokenVerifierTests.code(verifier, badSignature) == "gateway.token_signature_invalid")
        #expect(TokenVerifierTests.code(verifier, badPayload) != nil)
        #expect(TokenVerifierTests.code(verifier, token + "A") != nil)
    }

    @Test func remembersOnlyTokensThatPassEveryCheck() throws {
        let verifier = try TestTokens.hs256Verifier()
        let forged = TestTokens.hs256(payload: TokenVerifierTests.claims(), secret: [UInt8](repeating: 7, count: 32))
        #expect(TokenVerifierTests.code(verifier, forged) == "gateway.token_signature_invalid")
        let expired = TestTokens.hs256(payload: TokenVerifierTests.claims(["exp": .number(JSONNumber(Self.now - 1))]))
        #expect(TokenVerifierTests.code(verifier, expired) == "gateway.token_expired")
        #expect(verifier.cache?.count == 0)
    }

    @Test func staysWithinItsCapacityAndKeepsTokensInUse() throws {
        let cache = VerifiedTokenCache(capacity: 4)
        let keys = (0..<100).map { VerifiedTokenCache.key(for: "token-\($0)") }
        cache.remember(keys[0], claims: ["n": 0])
        for index in 1..<100 {
            cache.remember(keys[index], claims: ["n": .number(JSONNumber(Int64(index)))])
            // Token 0 is used between every insertion, so it is never the oldest.
            #expect(cache.claims(for: keys[0])?["n"] == 0)
            #expect(cache.count <= 4)
        }
        #expect(cache.claims(for: keys[99])?["n"] == 99)
        #expect(cache.claims(for: keys[1]) == nil)
    }

    @Test func isKeyedByTheTokensDigestNotItsText() {
        let token = "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"
        #expect(VerifiedTokenCache.key(for: token) == SHA256.hash(Array(token.utf8)))
    }

    @Test func canBeTurnedOff() throws {
        let verifier = TokenVerifier(
            keys: [try VerificationKey(kid: "k1", .hs256(secret: TestTokens.secret))], issuer: nil, audience: nil,
            leeway: 0, cacheCapacity: 0)
        #expect(verifier.cache == nil)
        #expect(
            try verifier.verify(TestTokens.hs256(payload: TokenVerifierTests.claims()), now: Self.now)["sub"] == "u1")
    }
}
