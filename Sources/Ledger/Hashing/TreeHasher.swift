import Cryptography

/// RFC 9162 §2.1.1 hashing over one reusable SHA-256 context: leaves are `SHA-256(0x00 ‖ entry)`,
/// interior nodes `SHA-256(0x01 ‖ left ‖ right)`; the domain-separation byte keeps a leaf from
/// ever being read as a node.
///
/// Reusing the context is the fast path (an OpenSSL one-shot digest costs several times a 65-byte
/// hash), so a loop that hashes many nodes keeps one hasher. It is noncopyable and not `Sendable`:
/// one context, one thread.
public struct TreeHasher: ~Copyable {
    private var sha256 = SHA256()

    /// Makes a hasher.
    public init() {}

    /// The root of the empty tree: `SHA-256()` of nothing (RFC 9162 §2.1.1).
    public static let emptyRoot: SHA256Digest = SHA256.hash([UInt8]())

    /// The leaf hash of an entry: `SHA-256(0x00 ‖ entry)`.
    /// - Parameter entry: The entry's exact bytes.
    /// - Returns: The hash that stands for the entry in the tree.
    public mutating func leafHash(_ entry: UnsafeRawBufferPointer) -> SHA256Digest {
        withUnsafeBytes(of: UInt8(0)) { sha256.update($0) }
        sha256.update(entry)
        return sha256.finalize()
    }

    /// The leaf hash of an entry: `SHA-256(0x00 ‖ entry)`.
    /// - Parameter entry: The entry's exact bytes.
    /// - Returns: The hash that stands for the entry in the tree.
    public mutating func leafHash(_ entry: some Sequence<UInt8>) -> SHA256Digest {
        withUnsafeBytes(of: UInt8(0)) { sha256.update($0) }
        sha256.update(entry)
        return sha256.finalize()
    }

    /// The hash of an interior node: `SHA-256(0x01 ‖ left ‖ right)`.
    /// - Parameters:
    ///   - left: The left child's hash.
    ///   - right: The right child's hash.
    /// - Returns: The node's hash.
    public mutating func nodeHash(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        withUnsafeBytes(of: UInt8(1)) { sha256.update($0) }
        left.withUnsafeBytes { sha256.update($0) }
        right.withUnsafeBytes { sha256.update($0) }
        return sha256.finalize()
    }

    /// The leaf hash of one entry, with a hasher made for the call.
    /// - Parameter entry: The entry's exact bytes.
    /// - Returns: `SHA-256(0x00 ‖ entry)`.
    public static func leafHash(of entry: some Sequence<UInt8>) -> SHA256Digest {
        var hasher = TreeHasher()
        return hasher.leafHash(entry)
    }

    /// The hash of one interior node, with a hasher made for the call.
    public static func nodeHash(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        var hasher = TreeHasher()
        return hasher.nodeHash(left, right)
    }
}
