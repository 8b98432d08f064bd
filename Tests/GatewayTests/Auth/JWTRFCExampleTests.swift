import Cryptography
import JSON
import TestSupport
import Testing

@testable import Gateway

/// The worked examples of RFC 7515, RFC 7519 and RFC 8037 (`shared/vectors/jwt/rfc_examples.json`).
struct JWTRFCExampleTests {
    static let file = "rfc_examples.json"
    static let enabled = Vectors.shouldRun("jwt")
    static let skip = Comment(rawValue: Vectors.skipMessage("jwt"))

    /// The example with the given id.
    static func example(_ id: String) throws -> [String: Any] {
        let examples = try JWTVectorFile.object(file).member("examples", as: [[String: Any]].self)
        guard let example = examples.first(where: { ($0["id"] as? String) == id }) else {
            throw JWTVectorFile.MalformedVector(description: "no example `\(id)`")
        }
        return example
    }

    @Test(.enabled(if: enabled, skip))
    func coversEveryExample() throws {
        let examples = try JWTVectorFile.object(Self.file).member("examples", as: [[String: Any]].self)
        #expect(
            examples.compactMap { $0["id"] as? String } == [
                "rfc7515-A.1", "rfc7519-6.1-unsecured", "rfc8037-A.1-A.3-key", "rfc8037-A.4-A.5",
            ])
    }

    // MARK: - RFC 7515 Appendix A.1 (HS256), the RFC 7519 §3.1 example JWT

    @Test(.enabled(if: enabled, skip))
    func verifiesTheRFC7515HS256ExampleBeforeItsExpiry() throws {
        let example = try Self.example("rfc7515-A.1")
        #expect(try example.member("alg", as: String.self) == "HS256")
        let secret = try JWTVectorFile.jwkBytes(try example.member("key"), "k")
        let compact: String = try example.member("compact")
        let verifier = TokenVerifier(
            keys: [try VerificationKey(kid: "rfc7515", .hs256(secret: secret))], issuer: "joe", audience: nil,
            leeway: 0)
        let expiry: Int64 = 1_300_819_380

        let claims = try verifier.verify(compact, now: expiry - 1)
        #expect(claims["iss"] == "joe")
        #expect(claims["exp"]?.int64Value == expiry)
        #expect(claims["http://example.com/is_root"] == true)

        // The segments are the RFC's exact octets, CR LF included, and the MAC is the RFC's.
        let jws = try JWS.parse(compact)
        #expect(jws.payload == Array(try example.member("payloadJson", as: String.self).utf8))
        let segments = compact.split(separator: ".", omittingEmptySubsequences: false)
        #expect(
            try Base64URL.decode(String(segments[0])) == Array(try example.member("headerJson", as: String.self).utf8))
        #expect(jws.signature == TestHex.bytes(try example.member("signatureHex")))

        // RFC 7519 §4.1.4: on or after `exp` it MUST NOT be accepted.
        #expect(throws: AuthError(AuthErrorCode.tokenExpired, "")) { try verifier.verify(compact, now: expiry) }
        #expect(throws: AuthError(AuthErrorCode.tokenIssuerMismatch, "")) {
            try TokenVerifier(keys: verifier.keys.values.map { $0 }, issuer: "jane", audience: nil, leeway: 0)
                .verify(compact, now: expiry - 1)
        }
    }

    // MARK: - RFC 7519 §6.1, the unsecured JWT

    @Test(.enabled(if: enabled, skip))
    func rejectsTheRFC7519UnsecuredExample() throws {
        let example = try Self.example("rfc7519-6.1-unsecured")
        #expect(try example.member("alg", as: String.self) == "none")
        let compact: String = try example.member("compact")
        // Whatever key is configured and whatever it allows, `none` is refused before any key is used.
        let keys = [
            try VerificationKey(kid: "a", .hs256(secret: TestTokens.secret)),
            try VerificationKey(kid: "b", .eddsa(Ed25519.PrivateKey.generate().publicKey)),
        ]
        for key in keys {
            let verifier = TokenVerifier(keys: [key], issuer: nil, audience: nil, leeway: 0)
            #expect(throws: AuthError(AuthErrorCode.tokenAlgorithmRejected, "")) {
                try verifier.verify(compact, now: 1_300_819_379)
            }
        }
    }

    // MARK: - RFC 8037 Appendix A (Ed25519)

    @Test(.enabled(if: enabled, skip))
    func derivesTheRFC8037PublicKeyAndThumbprint() throws {
        let example = try Self.example("rfc8037-A.1-A.3-key")
        let privateJWK: [String: Any] = try example.member("privateJwk")
        let publicJWK: [String: Any] = try example.member("publicJwk")
        let key = try Ed25519.PrivateKey(rawRepresentation: try JWTVectorFile.jwkBytes(privateJWK, "d"))
        #expect(key.publicKey.rawRepresentation == (try JWTVectorFile.jwkBytes(publicJWK, "x")))
        // RFC 7638 §3: the thumbprint hashes the required members in canonical (sorted, no space) JSON.
        let members = try publicJWK.mapValues { value -> JSONValue in
            guard let text = value as? String else { throw JWTVectorFile.MalformedVector(description: "JWK member") }
            return .string(text)
        }
        let input = JSONValue.object(members).encodedString(.canonical)
        #expect(input == (try example.member("thumbprintInput", as: String.self)))
        #expect(
            Base64URL.encode(SHA256.hash(Array(input.utf8)).bytes)
                == (try example.member("thumbprint", as: String.self)))
    }

    @Test(.enabled(if: enabled, skip))
    func signsAndVerifiesTheRFC8037EdDSAExample() throws {
        let example = try Self.example("rfc8037-A.4-A.5")
        #expect(try example.member("alg", as: String.self) == "EdDSA")
        let jwk: [String: Any] = try example.member("key")
        let key = try Ed25519.PrivateKey(rawRepresentation: try JWTVectorFile.jwkBytes(jwk, "d"))
        let compact: String = try example.member("compact")
        let headerJSON: String = try example.member("headerJson")
        let payload: String = try example.member("payload")

        // RFC 8037 A.4: Ed25519 is deterministic, so signing the same input gives the RFC's signature bytes.
        let input = TestTokens.signingInput(header: headerJSON, payload: payload)
        let signature = try key.signature(for: Array(input.utf8))
        #expect(input + "." + Base64URL.encode(signature) == compact)

        // RFC 8037 A.5: the signature verifies under the public key.
        let verifier = TokenVerifier(
            keys: [try VerificationKey(kid: "rfc8037", .eddsa(key.publicKey))], issuer: nil, audience: nil, leeway: 0)
        let jws = try verifier.verifySignature(compact)
        #expect(jws.signature == signature)
        #expect(jws.payload == Array(payload.utf8))
        // It is a JWS but not a JWT: the payload is not a claims set.
        #expect(throws: AuthError(AuthErrorCode.tokenMalformed, "")) { try verifier.verify(compact, now: 0) }
        // A flipped signature bit, or another key, fails.
        var flipped = signature
        flipped[10] ^= 0x01
        #expect(throws: AuthError(AuthErrorCode.tokenSignatureInvalid, "")) {
            try verifier.verifySignature(input + "." + Base64URL.encode(flipped))
        }
        let stranger = TokenVerifier(
            keys: [try VerificationKey(kid: "x", .eddsa(Ed25519.PrivateKey.generate().publicKey))], issuer: nil,
            audience: nil, leeway: 0)
        #expect(throws: AuthError(AuthErrorCode.tokenSignatureInvalid, "")) { try stranger.verifySignature(compact) }
    }
}
