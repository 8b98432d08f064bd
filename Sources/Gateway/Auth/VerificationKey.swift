import Cryptography

/// A key that verifies bearer tokens: a key ID and key material with its algorithm pinned to it.
///
/// Pinning the algorithm to the key is what defeats algorithm confusion (RFC 8725 §2.1, §3.1): a
/// token is verified only under the algorithm its key was configured with, never the one its
/// header asks for, so an Ed25519 public key can never be used as an HMAC secret.
/// `description` shows the key ID and algorithm only, never a secret.
public struct VerificationKey: Sendable, CustomStringConvertible {
    /// Key material together with the one algorithm it may be used with.
    public enum Material: Sendable {
        /// An HMAC-SHA256 secret (JWA `HS256`, RFC 7518 §3.2) of at least 32 bytes.
        case hs256(secret: [UInt8])
        /// An Ed25519 public key (JWA `EdDSA`, RFC 8037 §3.1).
        case eddsa(Ed25519.PublicKey)
    }

    /// The shortest HS256 secret accepted: RFC 7518 §3.2 requires a key at least as long as the
    /// hash output, 256 bits.
    public static let minimumSecretByteCount = 32

    /// The key ID that tokens name in their `kid` header parameter (RFC 7515 §4.1.4).
    public let kid: String
    /// The key material and its algorithm.
    public let material: Material

    /// Makes a verification key.
    ///
    /// - Parameters:
    ///   - kid: The key ID tokens name.
    ///   - material: The secret or public key, which fixes the algorithm.
    /// - Throws: `gateway.token_key_invalid` for an HS256 secret shorter than 32 bytes.
    public init(kid: String, _ material: Material) throws(AuthError) {
        if case .hs256(let secret) = material, secret.count < Self.minimumSecretByteCount {
            throw AuthError(
                AuthErrorCode.tokenKeyInvalid,
                "the HS256 secret for key \(AuthError.quoted(kid)) has \(secret.count) bytes; at least "
                    + "\(Self.minimumSecretByteCount) are required")
        }
        self.kid = kid
        self.material = material
    }

    /// The JWA name of the key's algorithm (RFC 7518 §3.1, RFC 8037 §3.1): `HS256` or `EdDSA`.
    public var algorithm: String {
        switch material {
        case .hs256: return "HS256"
        case .eddsa: return "EdDSA"
        }
    }

    /// The algorithms a key can be pinned to.
    static let supportedAlgorithms: Set<String> = ["HS256", "EdDSA"]

    public var description: String { "VerificationKey(kid: \(kid), algorithm: \(algorithm))" }

    /// Returns whether `signature` is valid for `signingInput` under this key.
    ///
    /// HMAC codes are compared in constant time; Ed25519 verification is strict (RFC 8032 §5.1.7,
    /// `S < L` included).
    func isValidSignature(_ signature: [UInt8], for signingInput: [UInt8]) -> Bool {
        switch material {
        case .hs256(let secret):
            return HMACSHA256.isValidAuthenticationCode(signature, for: signingInput, key: secret)
        case .eddsa(let publicKey):
            return publicKey.isValidSignature(signature, for: signingInput)
        }
    }
}
