import Cryptography
import JSON

@testable import Gateway

/// Hand-made tokens for tests: raw header and payload text, signed or not.
enum TestTokens {
    /// A fixed 32-byte HS256 secret.
    static let secret = [UInt8](repeating: 0x42, count: 32)

    /// `BASE64URL(header) '.' BASE64URL(payload)`.
    static func signingInput(header: String, payload: String) -> String {
        Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
    }

    /// An HS256 token over the given header and payload text.
    static func hs256(header: String = #"{"alg":"HS256"}"#, payload: String, secret: [UInt8] = secret) -> String {
        let input = signingInput(header: header, payload: payload)
        let mac = HMACSHA256.authenticationCode(for: Array(input.utf8), key: secret)
        return input + "." + Base64URL.encode(mac)
    }

    /// An EdDSA token over the given header and payload text.
    static func eddsa(header: String = #"{"alg":"EdDSA"}"#, payload: String, key: Ed25519.PrivateKey) throws -> String {
        let input = signingInput(header: header, payload: payload)
        return input + "." + Base64URL.encode(try key.signature(for: Array(input.utf8)))
    }

    /// A claims object as compact JSON text.
    static func claims(_ members: [String: JSONValue]) -> String {
        JSONValue.object(members).encodedString(.compact)
    }

    /// A verifier holding ``secret`` under kid `k1`, with no issuer or audience and leeway 0.
    static func hs256Verifier(leeway: Int64 = 0, issuer: String? = nil, audience: String? = nil) throws
        -> TokenVerifier
    {
        TokenVerifier(
            keys: [try VerificationKey(kid: "k1", .hs256(secret: secret))], issuer: issuer, audience: audience,
            leeway: leeway)
    }

    /// The error `body` throws, or `nil`.
    static func error(_ body: () throws(AuthError) -> some Any) -> AuthError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }
}
