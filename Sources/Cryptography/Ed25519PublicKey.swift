extension Ed25519 {
    /// An Ed25519 public key: a 32-byte encoding of a point (RFC 8032 §5.1.2).
    ///
    /// Two keys are equal when their encodings are. The encoding is not checked when the key is
    /// made: a key whose point does not decode simply verifies no signature.
    public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
        /// The key's raw form: its 32-byte point encoding.
        public let rawRepresentation: [UInt8]
        let key: EVPKey

        /// Makes a public key from its raw form, the 32-byte point encoding.
        ///
        /// - Parameter rawRepresentation: The encoding.
        /// - Throws: `cryptography.invalid_key_length` unless it has exactly 32 bytes;
        ///   `cryptography.library_failure` if OpenSSL cannot make the key.
        public init(rawRepresentation: some Sequence<UInt8>) throws(CryptographyError) {
            let raw = Array(rawRepresentation)
            guard raw.count == Ed25519.publicKeyByteCount else {
                throw CryptographyError(
                    .invalidKeyLength,
                    "an Ed25519 public key has \(Ed25519.publicKeyByteCount) bytes, not \(raw.count)")
            }
            let made = raw.withUnsafeBytes { raw in
                Result { () throws(CryptographyError) in try EVPKey.makeEd25519PublicKey(raw: raw) }
            }
            self.key = try made.get()
            self.rawRepresentation = raw
        }

        /// Parses a public key from PEM: a SubjectPublicKeyInfo `PUBLIC KEY` block (RFC 7468 §13,
        /// RFC 8410 §4).
        ///
        /// - Parameter pemRepresentation: The PEM text; text around the block is ignored.
        /// - Throws: `cryptography.invalid_key_encoding` for malformed PEM or DER, another label,
        ///   or a key of another type.
        public init(pemRepresentation: String) throws(CryptographyError) {
            let made = withUTF8Bytes(of: pemRepresentation) { pem in
                Result { () throws(CryptographyError) in try EVPKey.makeEd25519PublicKey(pem: pem) }
            }
            self.key = try made.get()
            self.rawRepresentation = key.rawPublicKey()
        }

        /// The key as a SubjectPublicKeyInfo `PUBLIC KEY` PEM block (RFC 8410 §4), ending in a newline.
        public var pemRepresentation: String {
            String(decoding: key.publicKeyPEM(), as: UTF8.self)
        }

        /// Returns whether `signature` is this key's signature of `message` (RFC 8032 §5.1.7).
        ///
        /// Verification is strict: a signature of the wrong length, with `S ≥ L`, or with an `R`
        /// or key that does not decode to a point is invalid. It never throws, since an attacker
        /// chooses the signature and every malformation means the same thing.
        ///
        /// - Parameters:
        ///   - signature: The 64-byte signature `R ‖ S`.
        ///   - message: The signed message.
        /// - Returns: `true` if the signature is valid.
        public func isValidSignature(_ signature: some Sequence<UInt8>, for message: some Sequence<UInt8>) -> Bool {
            withContiguousBytes(of: signature) { signature in
                guard signature.count == Ed25519.signatureByteCount else { return false }
                return withContiguousBytes(of: message) { message in
                    key.verify(signature, for: message)
                }
            }
        }

        /// The key's raw form in lowercase hex.
        public var description: String {
            "Ed25519.PublicKey(\(Hex.encode(rawRepresentation)))"
        }

        /// Returns whether two keys have the same encoding.
        public static func == (a: Self, b: Self) -> Bool { a.rawRepresentation == b.rawRepresentation }
        /// Hashes the key's encoding.
        public func hash(into hasher: inout Hasher) { hasher.combine(rawRepresentation) }
    }
}
