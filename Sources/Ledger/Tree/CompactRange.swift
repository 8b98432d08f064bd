import Cryptography

/// The right edge of a growing Merkle tree: the roots of the perfect subtrees that make up
/// leaves `0 ..< treeSize`, one per set bit of `treeSize` — all an appender needs to hash the next
/// leaf in and to compute the root, in O(log n) memory.
public struct CompactRange: Sendable {
    /// `roots[level]` is the root of the perfect subtree of height `level` on the edge, if
    /// `treeSize` has that bit set.
    private var roots: [SHA256Digest?] = []
    /// The number of leaves appended.
    public private(set) var treeSize: UInt64 = 0

    /// Makes the edge of the empty tree.
    public init() {}

    /// Appends a leaf, calling `completed` for every perfect subtree it completes, from the leaf
    /// itself (level 0) upwards.
    public mutating func append(
        leafHash: SHA256Digest, hasher: inout TreeHasher, completed: (NodeID, SHA256Digest) -> Void
    ) {
        var hash = leafHash
        var level = 0
        var index = treeSize
        completed(NodeID(level: 0, index: index), hash)
        // Each set low bit is a left sibling waiting for this right one.
        while index & 1 == 1 {
            hash = hasher.nodeHash(roots[level]!, hash)
            roots[level] = nil
            level += 1
            index >>= 1
            completed(NodeID(level: level, index: index), hash)
        }
        if roots.count == level { roots.append(nil) }
        roots[level] = hash
        treeSize += 1
    }

    /// The root hash of leaves `0 ..< treeSize` (``TreeHasher/emptyRoot`` for none): the edge's
    /// subtrees folded from the smallest, each new one on the left.
    public func rootHash(hasher: inout TreeHasher) -> SHA256Digest {
        var root: SHA256Digest?
        for subtree in roots {
            guard let subtree else { continue }
            root = root.map { hasher.nodeHash(subtree, $0) } ?? subtree
        }
        return root ?? TreeHasher.emptyRoot
    }
}
