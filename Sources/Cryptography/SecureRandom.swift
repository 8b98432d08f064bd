import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG, seeded by the operating system.
///
/// Use these for keys, nonces, tokens and salts; a failure is reported, never papered over with
/// weaker randomness.
public enum SecureRandom {
    /// Returns `count` random bytes.
    ///
    /// - Parameter count: How many bytes to return. Requires `count >= 0`.
    /// - Returns: A new array of `count` random bytes.
    /// - Throws: `cryptography.random_unavailable` if the generator could not be seeded or failed.
    public static func bytes(count: Int) throws(CryptographyError) -> [UInt8] {
        precondition(count >= 0, "cannot make a negative number (\(count)) of random bytes")
        var failure: CryptographyError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(CryptographyError) {
                try fill(UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Overwrites every byte of a buffer with random bytes.
    ///
    /// - Parameter buffer: The buffer to fill; it is written only during the call.
    /// - Throws: `cryptography.random_unavailable` if the generator could not be seeded or failed;
    ///   the buffer's contents are then unspecified and must not be used.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(CryptographyError) {
        guard var next = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            // RAND_bytes takes an `int` length.
            let chunk = min(remaining, Int(Int32.max))
            guard RAND_bytes(next.assumingMemoryBound(to: UInt8.self), Int32(chunk)) == 1 else {
                throw CryptographyError(
                    .randomUnavailable, "RAND_bytes failed: \(LibCrypto.takeErrorDescription())")
            }
            next += chunk
            remaining -= chunk
        }
    }
}
