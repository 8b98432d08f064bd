import COpenSSL

// SAFETY: an `EVP_MD` fetched from a provider is immutable and reference counted, and
// openssl-threads(7) allows one to be shared by any number of threads once fetched. Swift
// initialises globals exactly once, under a lock, on first use.
/// OpenSSL's SHA-256, fetched once: the implicit fetch behind `EVP_sha256()` costs several times
/// the hashing of a 65-byte tree node in OpenSSL 3.
private nonisolated(unsafe) let sha256Algorithm: OpaquePointer = {
    guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else {
        preconditionFailure("OpenSSL offers no SHA-256: \(LibCrypto.takeErrorDescription())")
    }
    return algorithm
}()

/// An incremental SHA-256 hasher (FIPS 180-4) over one reusable OpenSSL digest context.
///
/// Feed bytes with `update` and read the digest with ``finalize()``, which also resets the hasher
/// so that the next message can reuse the same context. Reuse is the fast path: hashing millions
/// of small tree nodes through one hasher avoids allocating a context per node.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update([0x01])
/// hasher.update(leftChild.bytes)
/// let node = hasher.finalize()  // hasher is empty again
/// ```
///
/// The hasher is noncopyable because it owns its context; it is not `Sendable`, as one context
/// must not be used by two threads at once.
public struct SHA256: ~Copyable {
    /// The number of bytes in a digest.
    public static let byteCount = SHA256Digest.byteCount
    /// The number of bytes SHA-256 processes at a time (its block size).
    public static let blockByteCount = 64

    // INVARIANT: an initialised EVP_MD_CTX for SHA-256, owned by this value alone.
    private let context: OpaquePointer

    /// Makes an empty hasher. Traps only if OpenSSL cannot allocate a digest context.
    public init() {
        context = LibCrypto.allocated(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        LibCrypto.require(EVP_DigestInit_ex2(context, sha256Algorithm, nil), "EVP_DigestInit_ex2")
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Appends bytes to the message being hashed.
    ///
    /// - Parameter bytes: The next bytes of the message; the buffer is read only during the call.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        LibCrypto.require(EVP_DigestUpdate(context, base, bytes.count), "EVP_DigestUpdate")
    }

    /// Appends bytes to the message being hashed.
    ///
    /// Arrays, array slices and other contiguous collections are hashed in place; any other
    /// sequence is streamed through a small stack buffer, so even a very long lazy sequence
    /// is never copied whole.
    ///
    /// - Parameter bytes: The next bytes of the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        forEachContiguousChunk(of: bytes) { update($0) }
    }

    /// Returns the digest of every byte given since the hasher was made or last finalized, and
    /// resets the hasher so that it can hash a new message.
    ///
    /// - Returns: The SHA-256 digest of the message.
    public mutating func finalize() -> SHA256Digest {
        let digest = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.byteCount) { out in
            var length: UInt32 = 0
            LibCrypto.require(EVP_DigestFinal_ex(context, out.baseAddress!, &length), "EVP_DigestFinal_ex")
            precondition(length == UInt32(Self.byteCount), "SHA-256 produced \(length) bytes")
            return SHA256Digest(uncheckedBytes: UnsafeRawBufferPointer(out))
        }
        // A null type re-initialises with the digest already set, which skips the fetch.
        LibCrypto.require(EVP_DigestInit_ex2(context, nil, nil), "EVP_DigestInit_ex2")
        return digest
    }

    /// Returns the SHA-256 digest of a whole message at once.
    ///
    /// - Parameter bytes: The message.
    /// - Returns: The message's digest.
    public static func hash(_ bytes: some Sequence<UInt8>) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns the SHA-256 digest of a whole message at once.
    ///
    /// - Parameter raw: The message; the buffer is read only during the call.
    /// - Returns: The message's digest.
    public static func hash(_ raw: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(raw)
        return hasher.finalize()
    }
}
