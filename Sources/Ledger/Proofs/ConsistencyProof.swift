import Cryptography

/// An RFC 9162 consistency proof (§2.1.4): the hashes that show a tree of `oldSize` leaves is a
/// prefix of a tree of `treeSize` leaves — nothing the old tree held was changed or removed.
public struct ConsistencyProof: Hashable, Sendable {
    /// The size of the earlier tree. Proofs from size 0 are refused: every tree extends the empty
    /// one, so such a proof says nothing.
    public var oldSize: UInt64
    /// The size of the later tree; at least `oldSize`.
    public var treeSize: UInt64
    /// The proof's hashes, in the order RFC 9162 §2.1.4.1 produces them.
    public var path: [SHA256Digest]

    /// Makes a proof from its parts.
    public init(oldSize: UInt64, treeSize: UInt64, path: [SHA256Digest]) {
        self.oldSize = oldSize
        self.treeSize = treeSize
        self.path = path
    }

    /// Generates `PROOF(m, D[n])` (RFC 9162 §2.1.4.1) for `oldSize` = m and `treeSize` = n.
    /// - Parameter node: The hash of a perfect subtree of the newer tree.
    /// - Throws: `ledger.tree_size_invalid` unless `0 < oldSize <= treeSize`; what `node` throws.
    public static func generate(
        oldSize: UInt64, treeSize: UInt64, node: (NodeID) throws -> SHA256Digest
    ) throws -> ConsistencyProof {
        try checkSizes(oldSize, treeSize)
        var hasher = TreeHasher()
        var path: [SHA256Digest] = []
        // SUBPROOF(m, D[begin:end], b), unrolled from the root down; hashes are prepended as the
        // recursion would append them on the way back up.
        var begin: UInt64 = 0
        var end = treeSize
        var m = oldSize
        var wholeOldTree = true
        while m != end - begin {
            let k = MerkleTree.largestPowerOfTwo(below: end - begin)
            if m <= k {
                path.append(try MerkleTree.rangeHash(begin + k, end, hasher: &hasher, node: node))
                end = begin + k
            } else {
                path.append(try MerkleTree.rangeHash(begin, begin + k, hasher: &hasher, node: node))
                begin += k
                m -= k
                wholeOldTree = false
            }
        }
        if !wholeOldTree {
            path.append(try MerkleTree.rangeHash(begin, end, hasher: &hasher, node: node))
        }
        return ConsistencyProof(oldSize: oldSize, treeSize: treeSize, path: path.reversed())
    }

    /// Checks that the tree of ``oldSize`` leaves with `oldRoot` is a prefix of the tree of
    /// ``treeSize`` leaves with `rootHash` (RFC 9162 §2.1.4.2). Equal sizes need equal roots and
    /// an empty path.
    /// - Throws: `ledger.tree_size_invalid` unless `0 < oldSize <= treeSize`; `ledger.proof_invalid`.
    public func verify(oldRoot: SHA256Digest, rootHash: SHA256Digest) throws(LedgerError) {
        try Self.checkSizes(oldSize, treeSize)
        if oldSize == treeSize {
            guard path.isEmpty else { throw LedgerError(.proofInvalid, "a proof between equal sizes is empty") }
            guard oldRoot == rootHash else { throw LedgerError(.proofInvalid, "equal sizes with different roots") }
            return
        }
        guard !path.isEmpty else { throw LedgerError(.proofInvalid, "the consistency proof is empty") }
        var proof = path
        // An old tree that is a perfect subtree is its own first node.
        if oldSize & (oldSize - 1) == 0 { proof.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = treeSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var hasher = TreeHasher()
        var fr = proof[0]
        var sr = proof[0]
        for c in proof.dropFirst() {
            guard sn != 0 else { throw LedgerError(.proofInvalid, "the consistency proof is too long") }
            if fn & 1 == 1 || fn == sn {
                fr = hasher.nodeHash(c, fr)
                sr = hasher.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = hasher.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw LedgerError(.proofInvalid, "the consistency proof is too short") }
        guard fr == oldRoot else {
            throw LedgerError(.proofInvalid, "the consistency proof does not lead to the old root")
        }
        guard sr == rootHash else {
            throw LedgerError(.proofInvalid, "the consistency proof does not lead to the new root")
        }
    }

    /// ``verify(oldRoot:rootHash:)`` for hashes as raw bytes from outside: each exactly 32 bytes.
    /// - Throws: `ledger.tree_size_invalid`, then `ledger.hash_length_invalid`, then `ledger.proof_invalid`.
    public static func verify(
        oldSize: UInt64, treeSize: UInt64, oldRoot: [UInt8], rootHash: [UInt8], path: [[UInt8]]
    ) throws(LedgerError) {
        try checkSizes(oldSize, treeSize)
        if oldSize == treeSize {
            // Nothing is hashed: the claim is only that the two roots are the same bytes (as the
            // reference verifier decides it, whatever their length).
            guard path.isEmpty else { throw LedgerError(.proofInvalid, "a proof between equal sizes is empty") }
            guard oldRoot == rootHash else { throw LedgerError(.proofInvalid, "equal sizes with different roots") }
            return
        }
        let proof = ConsistencyProof(
            oldSize: oldSize, treeSize: treeSize, path: try path.map(InclusionProof.digest))
        try proof.verify(oldRoot: try InclusionProof.digest(oldRoot), rootHash: try InclusionProof.digest(rootHash))
    }

    private static func checkSizes(_ oldSize: UInt64, _ treeSize: UInt64) throws(LedgerError) {
        guard oldSize > 0 else {
            throw LedgerError(
                .treeSizeInvalid, "consistency from the empty tree proves nothing; the old size must be above 0")
        }
        guard oldSize <= treeSize else {
            throw LedgerError(.treeSizeInvalid, "old tree size \(oldSize) is above the new tree size \(treeSize)")
        }
    }
}
