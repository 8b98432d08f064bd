import COpenSSL

/// Comparisons whose running time does not depend on the contents being compared.
///
/// Use these wherever one side is secret (a MAC, a token, a password hash): an ordinary `==`
/// stops at the first differing byte, and the time it takes tells an attacker how many leading
/// bytes of a guess were right.
public enum ConstantTime {
    /// Returns whether two byte collections are equal, in time independent of where they differ.
    ///
    /// Only the lengths may leak: collections of different lengths are unequal at once, so callers
    /// must not rely on the length being secret (MAC and token lengths are public anyway).
    ///
    /// - Parameters:
    ///   - a: The first bytes.
    ///   - b: The second bytes.
    /// - Returns: `true` if both hold the same bytes in the same order.
    public static func isEqual(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let count = a.count
        guard count == b.count else { return false }
        let contiguous: Bool?? = a.withContiguousStorageIfAvailable { left in
            b.withContiguousStorageIfAvailable { right in
                guard count > 0 else { return true }
                // CRYPTO_memcmp is written to touch every byte whatever the data (assembly on
                // x86-64), which no optimiser can shorten.
                return CRYPTO_memcmp(left.baseAddress!, right.baseAddress!, count) == 0
            }
        }
        if let result = contiguous ?? nil { return result }
        return isEqualByIteration(a, b)
    }

    /// The fallback for collections without contiguous storage: OR together the XOR of every pair.
    ///
    /// INVARIANT: the loop runs over every byte with no data-dependent branch; only the final
    /// accumulator is tested.
    @inline(never)
    static func isEqualByIteration(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        var difference: UInt8 = 0
        var left = a.makeIterator()
        var right = b.makeIterator()
        while let x = left.next(), let y = right.next() {
            difference |= x ^ y
        }
        return difference == 0
    }
}
