import Cryptography
import JSON
import Testing

@testable import Gateway

struct TokenIssuerTests {
    static let now: Int64 = 1_700_000_000

    static func make(key: Ed25519.PrivateKey, kid: String = "local") -> TokenIssuer {
        TokenIssuer(key: key, kid: kid, issuer: "maestro-local", audience: "maestro")
    }

    static func verifier(_ publicKey: Ed25519.PublicKey, kid: String = "local", leeway: Int64 = 60) throws
        -> TokenVerifier
    {
        TokenVerifier(
            keys: [try VerificationKey(kid: kid, .eddsa(publicKey))], issuer: "maestro-local", audience: "maestro",
            leeway: leeway)
    }

    @Test func issuesTokensTheVerifierAccepts() throws {
        let key = try Ed25519.PrivateKey.generate()
        let token = try Self.make(key: key).issue(
            claims: ["sub": "alice", "tenant": "t1", "role": "author", "clearance": 2], now: Self.now, lifetime: 3600)
        let claims = try Self.verifier(key.publicKey).verify(token, now: Self.now)
        #expect(
            claims
                == [
                    "sub": "alice", "tenant": "t1", "role": "author", "clearance": 2, "iss": "maestro-local",
                    "aud": "maestro", "iat": .number(JSONNumber(Self.now)), "nbf": .number(JSONNumber(Self.now)),
                    "exp": .number(JSONNumber(Self.now + 3600)),
                ])
        let principal = try AuthenticatedPrincipal(claims: claims)
        #expect(principal.id == "alice")
        #expect(principal.clearance == 2)
    }

    @Test func writesTheHeaderAndClaimsAsCanonicalJSON() throws {
        let key = try Ed25519.PrivateKey.generate()
        let token = try Self.make(key: key, kid: "0123abcd").issue(claims: ["sub": "a"], now: 10, lifetime: 5)
        let segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        #expect(segments.count == 3)
        #expect(
            String(decoding: try Base64URL.decode(segments[0]), as: UTF8.self)
                == #"{"alg":"EdDSA","kid":"0123abcd","typ":"JWT"}"#)
        #expect(
            String(decoding: try Base64URL.decode(segments[1]), as: UTF8.self)
                == #"{"aud":"maestro","exp":15,"iat":10,"iss":"maestro-local","nbf":10,"sub":"a"}"#)
        #expect(try Base64URL.decode(segments[2]).count == Ed25519.signatureByteCount)
        // Ed25519 is deterministic, and so is canonical JSON.
        #expect(try Self.make(key: key, kid: "0123abcd").issue(claims: ["sub": "a"], now: 10, lifetime: 5) == token)
    }

    @Test func tokensExpireAfterTheirLifetime() throws {
        let key = try Ed25519.PrivateKey.generate()
        let token = try Self.make(key: key).issue(claims: ["sub": "a"], now: Self.now, lifetime: 100)
        let strict = try Self.verifier(key.publicKey, leeway: 0)
        #expect(throws: Never.self) { try strict.verify(token, now: Self.now + 99) }
        #expect(throws: AuthError(AuthErrorCode.tokenExpired, "")) { try strict.verify(token, now: Self.now + 100) }
        #expect(throws: AuthError(AuthErrorCode.tokenNotYetValid, "")) { try strict.verify(token, now: Self.now - 1) }
        let lenient = try Self.verifier(key.publicKey, leeway: 60)
        #expect(throws: Never.self) { try lenient.verify(token, now: Self.now + 159) }
        #expect(throws: Never.self) { try lenient.verify(token, now: Self.now - 60) }
        #expect(throws: AuthError(AuthErrorCode.tokenExpired, "")) { try lenient.verify(token, now: Self.now + 160) }
    }

    @Test func rejectsTokensSignedByAnotherKey() throws {
        let ours = try Ed25519.PrivateKey.generate()
        let theirs = try Ed25519.PrivateKey.generate()
        // Same kid, same claims, another key.
        let token = try Self.make(key: theirs).issue(claims: ["sub": "a"], now: Self.now, lifetime: 60)
        #expect(throws: AuthError(AuthErrorCode.tokenSignatureInvalid, "")) {
            try Self.verifier(ours.publicKey).verify(token, now: Self.now)
        }
    }

    @Test func rejectsATamperedSegment() throws {
        let key = try Ed25519.PrivateKey.generate()
        let verifier = try Self.verifier(key.publicKey)
        let token = try Self.make(key: key).issue(claims: ["sub": "a", "role": "viewer"], now: Self.now, lifetime: 60)
        let segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)

        // Re-encoded header and payload changes that still parse: the signature no longer covers them.
        var header = try JSONValue.parse(try Base64URL.decode(segments[0]))
        header = .object(header.objectValue!.merging(["typ": "jwt"]) { $1 })
        var payload = try JSONValue.parse(try Base64URL.decode(segments[1]))
        payload = .object(payload.objectValue!.merging(["role": "admin"]) { $1 })
        let forged = [
            Base64URL.encode(header.encoded(.canonical)) + "." + segments[1] + "." + segments[2],
            segments[0] + "." + Base64URL.encode(payload.encoded(.canonical)) + "." + segments[2],
        ]
        for token in forged {
            #expect(throws: AuthError(AuthErrorCode.tokenSignatureInvalid, "")) {
                try verifier.verify(token, now: Self.now)
            }
        }
        // Every single-character change in any segment is refused, one way or another.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var characters = Array(token)
        for index in characters.indices where characters[index] != "." {
            let original = characters[index]
            characters[index] = alphabet[(alphabet.firstIndex(of: original)! + 1) % alphabet.count]
            let tampered = String(characters)
            #expect(throws: AuthError.self, "index \(index)") { try verifier.verify(tampered, now: Self.now) }
            characters[index] = original
        }
    }

    @Test func refusesRegisteredClaimsAndBadLifetimes() throws {
        let issuer = Self.make(key: try Ed25519.PrivateKey.generate())
        for name in ["iss", "aud", "iat", "nbf", "exp"] {
            #expect(throws: AuthError(AuthErrorCode.tokenClaimInvalid, ""), "\(name)") {
                try issuer.issue(claims: [name: "x"], now: Self.now, lifetime: 60)
            }
        }
        for lifetime: Int64 in [0, -1, .max] {
            #expect(throws: AuthError(AuthErrorCode.tokenClaimInvalid, ""), "\(lifetime)") {
                try issuer.issue(claims: ["sub": "a"], now: Self.now, lifetime: lifetime)
            }
        }
    }
}
