import COpenSSL

// SAFETY: a fetched `EVP_MAC` is immutable and reference counted, and openssl-threads(7) allows it
// to be shared by any number of threads; each computation makes its own `EVP_MAC_CTX` from it.
// Swift initialises globals exactly once, under a lock, on first use.
/// OpenSSL's HMAC, fetched once rather than by name on every computation.
private nonisolated(unsafe) let hmacAlgorithm: OpaquePointer = {
    guard let algorithm = EVP_MAC_fetch(nil, "HMAC", nil) else {
        preconditionFailure("OpenSSL offers no HMAC: \(LibCrypto.takeErrorDescription())")
    }
    return algorithm
}()

/// HMAC-SHA256 (RFC 2104, FIPS 198-1): a message authentication code under a secret key.
///
/// For one message at hand use ``authenticationCode(for:key:)`` and, to check a code received,
/// ``isValidAuthenticationCode(_:for:key:)``, which compares in constant time. For a message that
/// arrives in pieces, such as a webhook's `id.timestamp.body`, make an instance with the key,
/// `update` it piece by piece, then ``finalize()``.
///
/// The instance is noncopyable because it owns an OpenSSL context; it is not `Sendable`.
public struct HMACSHA256: ~Copyable {
    /// The number of bytes in an authentication code.
    public static let byteCount = 32

    // INVARIANT: an EVP_MAC_CTX keyed for HMAC-SHA256, owned by this value alone.
    private let context: OpaquePointer

    /// Makes an authenticator for messages under `key`. Traps only if OpenSSL cannot allocate a context.
    ///
    /// - Parameter key: The secret key, of any length; RFC 2104 hashes keys longer than 64 bytes
    ///   and zero-pads shorter ones. Use at least 32 random bytes.
    public init(key: some Sequence<UInt8>) {
        let context = LibCrypto.allocated(EVP_MAC_CTX_new(hmacAlgorithm), "EVP_MAC_CTX_new")
        self.context = context
        withContiguousBytes(of: key) { key in
            // The parameter array points into these two C strings, so both stay alive over the call.
            "digest".withCString { parameterName in
                var digestName = Array("SHA256".utf8CString)
                digestName.withUnsafeMutableBufferPointer { digestName in
                    var parameters = [
                        OSSL_PARAM_construct_utf8_string(parameterName, digestName.baseAddress, 0),
                        OSSL_PARAM_construct_end(),
                    ]
                    let keyBytes = key.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    LibCrypto.require(EVP_MAC_init(context, keyBytes, key.count, &parameters), "EVP_MAC_init")
                }
            }
        }
    }

    deinit {
        // Frees the context's copy of the key, which OpenSSL wipes first.
        EVP_MAC_CTX_free(context)
    }

    /// Appends bytes to the message being authenticated.
    ///
    /// - Parameter bytes: The next bytes of the message; the buffer is read only during the call.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        LibCrypto.require(
            EVP_MAC_update(context, base.assumingMemoryBound(to: UInt8.self), bytes.count), "EVP_MAC_update")
    }

    /// Appends bytes to the message being authenticated.
    ///
    /// - Parameter bytes: The next bytes of the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        forEachContiguousChunk(of: bytes) { update($0) }
    }

    /// Returns the code of every byte given since the authenticator was made or last finalized,
    /// and resets it, still under the same key, to authenticate a new message.
    ///
    /// - Returns: The 32-byte authentication code.
    public mutating func finalize() -> [UInt8] {
        let code = [UInt8](unsafeUninitializedCapacity: Self.byteCount) { buffer, initialized in
            var length = 0
            LibCrypto.require(
                EVP_MAC_final(context, buffer.baseAddress, &length, buffer.count), "EVP_MAC_final")
            precondition(length == Self.byteCount, "HMAC-SHA256 produced \(length) bytes")
            initialized = length
        }
        // A null key re-initialises with the key already set (the HMAC inner and outer states).
        LibCrypto.require(EVP_MAC_init(context, nil, 0, nil), "EVP_MAC_init")
        return code
    }

    /// Returns the HMAC-SHA256 code of a whole message under a key.
    ///
    /// - Parameters:
    ///   - message: The message to authenticate.
    ///   - key: The secret key.
    /// - Returns: The 32-byte authentication code.
    public static func authenticationCode(
        for message: some Sequence<UInt8>,
        key: some Sequence<UInt8>
    ) -> [UInt8] {
        var authenticator = HMACSHA256(key: key)
        authenticator.update(message)
        return authenticator.finalize()
    }

    /// Returns whether `code` is the HMAC-SHA256 code of `message` under `key`, comparing in
    /// constant time.
    ///
    /// Only a whole 32-byte code can be valid: a truncated code is rejected, since accepting one
    /// would let an attacker guess a short prefix.
    ///
    /// - Parameters:
    ///   - code: The code received with the message.
    ///   - message: The message it claims to authenticate.
    ///   - key: The secret key.
    /// - Returns: `true` if the code is valid for the message and key.
    public static func isValidAuthenticationCode(
        _ code: some Sequence<UInt8>,
        for message: some Sequence<UInt8>,
        key: some Sequence<UInt8>
    ) -> Bool {
        let expected = authenticationCode(for: message, key: key)
        return ConstantTime.isEqual(expected, Array(code))
    }
}
