extension Ed25519 {
    /// An Ed25519 private key: its seed, with the public key derived from it (RFC 8032 §5.1.5).
    ///
    /// The key lives inside OpenSSL, which wipes it when the last copy of this value goes away.
    /// `description` shows only the public key, so a key logged by mistake does not leak.
    public struct PrivateKey: Sendable, CustomStringConvertible {
        let key: EVPKey
        /// The public key that verifies this key's signatures.
        public let publicKey: PublicKey

        private init(key: EVPKey) throws(CryptographyError) {
            self.key = key
            self.publicKey = try PublicKey(rawRepresentation: key.rawPublicKey())
        }

        /// Generates a new private key from OpenSSL's DRBG.
        ///
        /// - Returns: A fresh key.
        /// - Throws: `cryptography.library_failure` if OpenSSL cannot generate one (its random
        ///   generator failed, for instance).
        public static func generate() throws(CryptographyError) -> PrivateKey {
            try PrivateKey(key: EVPKey.generateEd25519PrivateKey())
        }

        /// Makes a private key from its raw form, the 32-byte seed of RFC 8032 §5.1.5.
        ///
        /// - Parameter rawRepresentation: The seed.
        /// - Throws: `cryptography.invalid_key_length` unless the seed has exactly 32 bytes;
        ///   `cryptography.library_failure` if OpenSSL cannot make the key.
        public init(rawRepresentation: some Sequence<UInt8>) throws(CryptographyError) {
            let made = withContiguousBytes(of: rawRepresentation) { seed -> Result<EVPKey, CryptographyError> in
                guard seed.count == Ed25519.privateKeyByteCount else {
                    return .failure(
                        CryptographyError(
                            .invalidKeyLength,
                            "an Ed25519 private key has \(Ed25519.privateKeyByteCount) bytes, not \(seed.count)"))
                }
                return Result { () throws(CryptographyError) in try EVPKey.makeEd25519PrivateKey(seed: seed) }
            }
            try self.init(key: made.get())
        }

        /// Parses a private key from PEM: an unencrypted PKCS#8 `PRIVATE KEY` block (RFC 7468 §10,
        /// RFC 8410 §7).
        ///
        /// - Parameter pemRepresentation: The PEM text; text around the block is ignored.
        /// - Throws: `cryptography.invalid_key_encoding` for malformed PEM or DER, another label
        ///   (including `ENCRYPTED PRIVATE KEY`), or a key of another type.
        public init(pemRepresentation: String) throws(CryptographyError) {
            let made = withUTF8Bytes(of: pemRepresentation) { pem in
                Result { () throws(CryptographyError) in try EVPKey.makeEd25519PrivateKey(pem: pem) }
            }
            try self.init(key: made.get())
        }

        /// Parses a private key from PEM bytes, for callers that wipe the text afterwards.
        init(pemBytes: UnsafeBufferPointer<UInt8>) throws(CryptographyError) {
            try self.init(key: EVPKey.makeEd25519PrivateKey(pem: pemBytes))
        }

        /// The key's raw form: its 32-byte seed. Treat the copy as a secret.
        public var rawRepresentation: [UInt8] {
            key.rawPrivateKey()
        }

        /// The key as an unencrypted PKCS#8 `PRIVATE KEY` PEM block (RFC 8410 §7), ending in a newline.
        /// Treat the text as a secret.
        public var pemRepresentation: String {
            String(decoding: key.privateKeyPEM(), as: UTF8.self)
        }

        /// Signs a message (RFC 8032 §5.1.6); the signature is deterministic.
        ///
        /// - Parameter message: The message to sign, of any length.
        /// - Returns: The 64-byte signature `R ‖ S`.
        /// - Throws: `cryptography.library_failure` if OpenSSL fails to sign.
        public func signature(for message: some Sequence<UInt8>) throws(CryptographyError) -> [UInt8] {
            try withContiguousBytes(of: message) { message in
                Result { () throws(CryptographyError) in try key.sign(message) }
            }.get()
        }

        /// A description that names the public key only, never the private key.
        public var description: String {
            "Ed25519.PrivateKey(publicKey: \(Hex.encode(publicKey.rawRepresentation)))"
        }
    }
}
