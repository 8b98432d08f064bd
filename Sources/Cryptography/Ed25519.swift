/// Ed25519 signatures (RFC 8032 §5.1, PureEdDSA over edwards25519).
///
/// A ``PrivateKey`` is a 32-byte seed; it signs messages deterministically, so the same key and
/// message always give the same 64-byte signature. A ``PublicKey`` is a 32-byte point encoding; it
/// verifies signatures strictly: non-canonical `S` (`S ≥ L`, RFC 8032 §5.1.7 and §8.4), wrong
/// lengths and undecodable points are all rejected. Keys travel as raw bytes or as PEM: PKCS#8
/// `PRIVATE KEY` and SubjectPublicKeyInfo `PUBLIC KEY` (RFC 8410).
///
/// ```swift
/// let key = try Ed25519.PrivateKey.generate()
/// let signature = try key.signature(for: message)
/// key.publicKey.isValidSignature(signature, for: message)  // true
/// ```
public enum Ed25519 {
    /// The number of bytes in a private key's raw form, its seed.
    public static let privateKeyByteCount = 32
    /// The number of bytes in a public key's raw form, its point encoding.
    public static let publicKeyByteCount = 32
    /// The number of bytes in a signature, `R ‖ S`.
    public static let signatureByteCount = 64
}
