import COpenSSL

// SAFETY: the wrapped EVP_PKEY is never modified after `init`: every method only reads it, and
// signing and verification each make their own EVP_MD_CTX. openssl-threads(7) allows an EVP_PKEY to
// be shared by threads as long as none modifies it (OpenSSL guards its internal caches itself).
// The pointer is private and freed exactly once, in `deinit`.
/// The one owner of an OpenSSL key object (`EVP_PKEY`), always an Ed25519 key, behind a Swift-typed
/// interface: nothing outside this file sees the pointer.
final class EVPKey: @unchecked Sendable {
    private let key: OpaquePointer

    private init(owning key: OpaquePointer) {
        self.key = key
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// Makes an Ed25519 private key from its 32-byte seed (RFC 8032 §5.1.5).
    static func makeEd25519PrivateKey(seed: UnsafeRawBufferPointer) throws(CryptographyError) -> EVPKey {
        let bytes = seed.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard let key = EVP_PKEY_new_raw_private_key_ex(nil, "ED25519", nil, bytes, seed.count) else {
            throw LibCrypto.failure("EVP_PKEY_new_raw_private_key_ex")
        }
        return EVPKey(owning: key)
    }

    /// Makes an Ed25519 public key from its 32-byte encoding; the point is not decoded until use.
    static func makeEd25519PublicKey(raw: UnsafeRawBufferPointer) throws(CryptographyError) -> EVPKey {
        let bytes = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard let key = EVP_PKEY_new_raw_public_key_ex(nil, "ED25519", nil, bytes, raw.count) else {
            throw LibCrypto.failure("EVP_PKEY_new_raw_public_key_ex")
        }
        return EVPKey(owning: key)
    }

    /// Generates a new Ed25519 private key from OpenSSL's DRBG.
    static func generateEd25519PrivateKey() throws(CryptographyError) -> EVPKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "ED25519", nil) else {
            throw LibCrypto.failure("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_generate(context, &key) == 1, let key else {
            throw LibCrypto.failure("EVP_PKEY_generate")
        }
        return EVPKey(owning: key)
    }

    /// Parses a PKCS#8 (RFC 5208, RFC 8410 §7) Ed25519 private key from PEM text (RFC 7468 §10).
    static func makeEd25519PrivateKey(pem: UnsafeBufferPointer<UInt8>) throws(CryptographyError) -> EVPKey {
        try decodePEM(pem, label: "PRIVATE KEY") { der in
            var cursor: UnsafePointer<UInt8>? = der.baseAddress
            guard let info = d2i_PKCS8_PRIV_KEY_INFO(nil, &cursor, der.count) else { return nil }
            defer { PKCS8_PRIV_KEY_INFO_free(info) }
            guard cursor == der.baseAddress! + der.count else { return nil }  // trailing bytes
            return EVP_PKCS82PKEY(info)
        }
    }

    /// Parses a SubjectPublicKeyInfo (RFC 5280 §4.1, RFC 8410 §4) Ed25519 public key from PEM text.
    static func makeEd25519PublicKey(pem: UnsafeBufferPointer<UInt8>) throws(CryptographyError) -> EVPKey {
        try decodePEM(pem, label: "PUBLIC KEY") { der in
            var cursor: UnsafePointer<UInt8>? = der.baseAddress
            guard let key = d2i_PUBKEY(nil, &cursor, der.count) else { return nil }
            guard cursor == der.baseAddress! + der.count else {  // trailing bytes
                EVP_PKEY_free(key)
                return nil
            }
            return key
        }
    }

    /// The 32-byte seed of a private key.
    func rawPrivateKey() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Ed25519.privateKeyByteCount) { buffer, initialized in
            var length = buffer.count
            LibCrypto.require(
                EVP_PKEY_get_raw_private_key(key, buffer.baseAddress, &length), "EVP_PKEY_get_raw_private_key")
            initialized = length
        }
    }

    /// The 32-byte encoding of the public key (of a public key, or of a private key's public half).
    func rawPublicKey() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Ed25519.publicKeyByteCount) { buffer, initialized in
            var length = buffer.count
            LibCrypto.require(
                EVP_PKEY_get_raw_public_key(key, buffer.baseAddress, &length), "EVP_PKEY_get_raw_public_key")
            initialized = length
        }
    }

    /// The PKCS#8 PEM text of a private key, unencrypted; the key never passes through a Swift string.
    func privateKeyPEM() -> [UInt8] {
        // A secure-heap memory BIO wipes its buffer when freed.
        withMemoryBIO(secure: true) { bio in
            PEM_write_bio_PKCS8PrivateKey(bio, key, nil, nil, 0, nil, nil)
        }
    }

    /// The SubjectPublicKeyInfo PEM text of the public key.
    func publicKeyPEM() -> [UInt8] {
        withMemoryBIO(secure: false) { bio in
            PEM_write_bio_PUBKEY(bio, key)
        }
    }

    /// Signs a message with PureEdDSA (RFC 8032 §5.1.6); deterministic, 64 bytes.
    func sign(_ message: UnsafeRawBufferPointer) throws(CryptographyError) -> [UInt8] {
        let context = LibCrypto.allocated(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        defer { EVP_MD_CTX_free(context) }
        // Ed25519 hashes internally, so no digest is named (RFC 8032 §5.1.6).
        guard EVP_DigestSignInit_ex(context, nil, nil, nil, nil, key, nil) == 1 else {
            throw LibCrypto.failure("EVP_DigestSignInit_ex")
        }
        var failure: CryptographyError?
        let signature = [UInt8](unsafeUninitializedCapacity: Ed25519.signatureByteCount) { buffer, initialized in
            var length = buffer.count
            let data = message.baseAddress?.assumingMemoryBound(to: UInt8.self)
            guard EVP_DigestSign(context, buffer.baseAddress, &length, data, message.count) == 1 else {
                failure = LibCrypto.failure("EVP_DigestSign")
                return
            }
            initialized = length
        }
        if let failure { throw failure }
        return signature
    }

    /// Whether `signature` is a valid PureEdDSA signature of `message` (RFC 8032 §5.1.7), with the
    /// canonical `S < L` check; any failure, including an undecodable key or `R`, is `false`.
    func verify(_ signature: UnsafeRawBufferPointer, for message: UnsafeRawBufferPointer) -> Bool {
        let context = LibCrypto.allocated(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        defer { EVP_MD_CTX_free(context) }
        let isValid =
            EVP_DigestVerifyInit_ex(context, nil, nil, nil, nil, key, nil) == 1
            && EVP_DigestVerify(
                context,
                signature.baseAddress?.assumingMemoryBound(to: UInt8.self), signature.count,
                message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
        // A rejected signature queues a reason that must not leak into a later, unrelated error.
        if !isValid { LibCrypto.clearErrors() }
        return isValid
    }

    /// The longest PEM text accepted; an Ed25519 key takes about 120 bytes.
    private static let maximumPEMByteCount = 64 * 1024

    /// Decodes the first PEM block (RFC 7468) of `text`, requires its label to be `label` and it to carry no
    /// headers, then calls `decodeDER` with the DER bytes; the DER is wiped afterwards.
    ///
    /// - Parameters:
    ///   - text: The PEM text, in UTF-8.
    ///   - label: The required label, such as `PRIVATE KEY` (RFC 7468 §10).
    ///   - decodeDER: Makes an owned `EVP_PKEY` from DER, or returns `nil` if the DER is invalid.
    /// - Returns: The Ed25519 key.
    /// - Throws: `cryptography.invalid_key_encoding` for missing or malformed PEM, another label,
    ///   headers (as in legacy encrypted keys), invalid DER, or a key that is not Ed25519.
    private static func decodePEM(
        _ text: UnsafeBufferPointer<UInt8>,
        label: String,
        decodeDER: (UnsafeBufferPointer<UInt8>) -> OpaquePointer?
    ) throws(CryptographyError) -> EVPKey {
        guard text.count <= maximumPEMByteCount, let base = text.baseAddress else {
            throw CryptographyError(
                .invalidKeyEncoding, "PEM text is empty or longer than \(maximumPEMByteCount) bytes")
        }
        let bio = LibCrypto.allocated(BIO_new_mem_buf(base, Int32(text.count)), "BIO_new_mem_buf")
        defer { BIO_free(bio) }

        var name: UnsafeMutablePointer<CChar>?
        var header: UnsafeMutablePointer<CChar>?
        var data: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard PEM_read_bio(bio, &name, &header, &data, &length) == 1, let name, let header, let data else {
            LibCrypto.clearErrors()
            throw CryptographyError(.invalidKeyEncoding, "no PEM block found")
        }
        defer {
            CRYPTO_free(name, nil, 0)
            CRYPTO_free(header, nil, 0)
            CRYPTO_clear_free(data, length, nil, 0)
        }
        let foundLabel = String(cString: name)
        guard foundLabel == label else {
            throw CryptographyError(.invalidKeyEncoding, "PEM block is labelled `\(foundLabel)`, expected `\(label)`")
        }
        // RFC 7468 §2 forbids headers; OpenSSL's legacy encrypted keys use them.
        guard header.pointee == 0 else {
            throw CryptographyError(.invalidKeyEncoding, "PEM block has headers, which RFC 7468 does not allow")
        }
        guard let key = decodeDER(UnsafeBufferPointer(start: data, count: length)) else {
            LibCrypto.clearErrors()
            throw CryptographyError(.invalidKeyEncoding, "the `\(label)` block is not valid DER for a key")
        }
        let wrapped = EVPKey(owning: key)
        guard EVP_PKEY_is_a(key, "ED25519") == 1 else {
            throw CryptographyError(.invalidKeyEncoding, "the `\(label)` block holds a key that is not Ed25519")
        }
        return wrapped
    }

    /// Runs `write` against a fresh memory BIO and returns everything written to it.
    private func withMemoryBIO(secure: Bool, _ write: (OpaquePointer) -> Int32) -> [UInt8] {
        let bio = LibCrypto.allocated(BIO_new(secure ? BIO_s_secmem() : BIO_s_mem()), "BIO_new")
        defer { BIO_free(bio) }
        LibCrypto.require(write(bio), "PEM_write_bio")
        let length = Int(BIO_ctrl_pending(bio))
        return [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            let read = BIO_read(bio, buffer.baseAddress, Int32(length))
            precondition(Int(read) == length, "memory BIO returned \(read) of \(length) bytes")
            initialized = length
        }
    }
}
