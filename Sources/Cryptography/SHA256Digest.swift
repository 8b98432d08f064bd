/// A SHA-256 digest: exactly 32 bytes, stored inline without any heap allocation.
///
/// The bytes live in four `UInt64` words, each holding eight digest bytes in big-endian order, so
/// equality, hashing and copying are a handful of register operations. `description` is the
/// lowercase hex form.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The number of bytes in a SHA-256 digest.
    public static let byteCount = 32

    // INVARIANT: byte i of the digest is byte (i % 8) of word i / 8, counting from the most
    // significant end.
    private var word0: UInt64
    private var word1: UInt64
    private var word2: UInt64
    private var word3: UInt64

    /// Makes a digest from exactly 32 bytes.
    ///
    /// - Parameter bytes: The digest's bytes, in order.
    /// - Returns: `nil` unless `bytes` holds exactly ``byteCount`` bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        let parsed = withContiguousBytes(of: bytes) { Self(uncheckedBytes: $0) }
        self = parsed
    }

    /// Makes a digest from a buffer known to hold at least 32 bytes; reads the first 32.
    init(uncheckedBytes raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= Self.byteCount, "a SHA-256 digest needs 32 bytes, got \(raw.count)")
        word0 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        word1 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        word2 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        word3 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// The digest's 32 bytes, in order, as a new array.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the digest's 32 bytes in order; the buffer is valid only during the call.
    ///
    /// - Parameter body: A closure that reads the bytes; it must not keep the buffer.
    /// - Returns: What `body` returns.
    /// - Throws: Whatever `body` throws.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        // A stack tuple in memory order gives contiguous bytes without allocating.
        var storage = (word0.bigEndian, word1.bigEndian, word2.bigEndian, word3.bigEndian)
        return try Swift.withUnsafeBytes(of: &storage) { (raw) throws(Failure) -> Result in
            try body(raw)
        }
    }

    /// The digest as 64 lowercase hexadecimal digits.
    public var hex: String {
        withUnsafeBytes { Hex.encode($0) }
    }

    /// The digest as 64 lowercase hexadecimal digits, as ``hex``.
    public var description: String { hex }
}
