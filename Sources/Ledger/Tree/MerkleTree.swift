import Cryptography

/// Merkle tree math over perfect-subtree hashes that a caller supplies (RFC 9162 §2.1.1).
///
/// Nothing here stores hashes: functions take a `node` closure that returns the hash of a
/// perfect subtree by ``NodeID``, so the same code serves an in-memory tree, tiles on disk, or a
/// recorder that lists the nodes a proof will need before any are fetched.
public enum MerkleTree {
    /// The largest power of two strictly less than `n`. Requires `n > 1`.
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        precondition(n > 1, "no power of two below \(n) splits a tree")
        return UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
    }

    /// The hash of leaves `begin ..< end`, `MTH(D[begin:end])` in RFC 9162 terms.
    ///
    /// Requires `begin < end` and `begin` a multiple of the largest power of two not above
    /// `end - begin` — true of every range RFC 9162's recursions produce. A perfect range is one
    /// node; any other is split at the largest power of two, as the RFC defines.
    /// - Parameters:
    ///   - begin: The first leaf.
    ///   - end: One past the last leaf.
    ///   - hasher: Reused for the nodes of the right border.
    ///   - node: The hash of a perfect subtree.
    /// - Returns: The range's hash.
    /// - Throws: What `node` throws.
    public static func rangeHash<Failure: Error>(
        _ begin: UInt64, _ end: UInt64, hasher: inout TreeHasher,
        node: (NodeID) throws(Failure) -> SHA256Digest
    ) throws(Failure) -> SHA256Digest {
        precondition(begin < end, "an empty range `\(begin)..<\(end)` has no subtree hash")
        let size = end - begin
        if size & (size - 1) == 0 {
            let level = size.trailingZeroBitCount
            precondition(begin & (size - 1) == 0, "range `\(begin)..<\(end)` is not aligned")
            return try node(NodeID(level: level, index: begin >> UInt64(level)))
        }
        let split = begin + largestPowerOfTwo(below: size)
        let left = try rangeHash(begin, split, hasher: &hasher, node: node)
        let right = try rangeHash(split, end, hasher: &hasher, node: node)
        return hasher.nodeHash(left, right)
    }

    /// The root hash of a tree of `treeSize` leaves: ``TreeHasher/emptyRoot`` for 0.
    /// - Throws: What `node` throws.
    public static func rootHash<Failure: Error>(
        treeSize: UInt64, node: (NodeID) throws(Failure) -> SHA256Digest
    ) throws(Failure) -> SHA256Digest {
        guard treeSize > 0 else { return TreeHasher.emptyRoot }
        var hasher = TreeHasher()
        return try rangeHash(0, treeSize, hasher: &hasher, node: node)
    }

    /// The perfect subtrees whose hashes a computation needs, in the order it asks for them.
    ///
    /// Runs `body` with a `node` closure that records each request and answers a placeholder, so
    /// a store can fetch exactly these nodes (for instance, a few tiles) before the real run.
    public static func nodesNeeded(
        _ body: (_ node: (NodeID) -> SHA256Digest) -> Void
    ) -> [NodeID] {
        var needed: [NodeID] = []
        body {
            needed.append($0); return TreeHasher.emptyRoot
        }
        return needed
    }
}
