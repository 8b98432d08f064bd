import Cryptography

/// An RFC 9162 inclusion proof (§2.1.3): the hashes that, with a leaf's hash, recompute the root of
/// a tree of `treeSize` leaves, so the leaf is shown to be at `leafIndex` in that tree.
public struct InclusionProof: Hashable, Sendable {
    /// The leaf's position, from 0. Requires `leafIndex < treeSize`.
    public var leafIndex: UInt64
    /// The number of leaves in the tree the proof is for.
    public var treeSize: UInt64
    /// The audit path, from the leaf's sibling up to the root's child.
    public var path: [SHA256Digest]

    /// Makes a proof from its parts.
    public init(leafIndex: UInt64, treeSize: UInt64, path: [SHA256Digest]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.path = path
    }

    /// Generates the proof for `leafIndex` in a tree of `treeSize` leaves: `PATH(m, D[n])`
    /// (RFC 9162 §2.1.3.1).
    ///
    /// Use ``MerkleTree/nodesNeeded(_:)`` over this call to learn which nodes to fetch first.
    /// - Parameter node: The hash of a perfect subtree of the tree.
    /// - Throws: `ledger.leaf_index_out_of_range` unless `leafIndex < treeSize`; what `node` throws.
    public static func generate(
        leafIndex: UInt64, treeSize: UInt64, node: (NodeID) throws -> SHA256Digest
    ) throws -> InclusionProof {
        guard leafIndex < treeSize else {
            throw LedgerError(.leafIndexOutOfRange, "leaf index \(leafIndex) is not below tree size \(treeSize)")
        }
        var hasher = TreeHasher()
        var path: [SHA256Digest] = []
        // PATH(m, D[begin:end]), unrolled from the root down; the RFC's order is leaf upwards.
        var begin: UInt64 = 0
        var end = treeSize
        let m = leafIndex
        while end - begin > 1 {
            let split = begin + MerkleTree.largestPowerOfTwo(below: end - begin)
            if m < split {
                path.append(try MerkleTree.rangeHash(split, end, hasher: &hasher, node: node))
                end = split
            } else {
                path.append(try MerkleTree.rangeHash(begin, split, hasher: &hasher, node: node))
                begin = split
            }
        }
        return InclusionProof(leafIndex: leafIndex, treeSize: treeSize, path: path.reversed())
    }

    /// The root this proof leads to from `leafHash` (RFC 9162 §2.1.3.2).
    /// - Throws: `ledger.leaf_index_out_of_range` unless `leafIndex < treeSize`;
    ///   `ledger.proof_invalid` when the path is too long or too short for the tree.
    public func rootHash(leafHash: SHA256Digest) throws(LedgerError) -> SHA256Digest {
        guard leafIndex < treeSize else {
            throw LedgerError(.leafIndexOutOfRange, "leaf index \(leafIndex) is not below tree size \(treeSize)")
        }
        var hasher = TreeHasher()
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        for p in path {
            guard sn != 0 else {
                throw LedgerError(.proofInvalid, "the inclusion proof is longer than the tree is deep")
            }
            if fn & 1 == 1 || fn == sn {
                r = hasher.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = hasher.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw LedgerError(.proofInvalid, "the inclusion proof is shorter than the tree is deep") }
        return r
    }

    /// Checks that the leaf with `leafHash` is at ``leafIndex`` in the tree with `rootHash`.
    /// - Throws: `ledger.proof_invalid` when it is not; `ledger.leaf_index_out_of_range`.
    public func verify(leafHash: SHA256Digest, rootHash: SHA256Digest) throws(LedgerError) {
        guard try self.rootHash(leafHash: leafHash) == rootHash else {
            throw LedgerError(.proofInvalid, "the inclusion proof for leaf \(leafIndex) does not lead to the root")
        }
    }

    /// ``verify(leafHash:rootHash:)`` for hashes as raw bytes from outside (files, JSON): every
    /// hash must be exactly 32 bytes.
    /// - Throws: `ledger.hash_length_invalid` first, then as ``verify(leafHash:rootHash:)``.
    public static func verify(
        leafIndex: UInt64, treeSize: UInt64, leafHash: [UInt8], path: [[UInt8]], rootHash: [UInt8]
    ) throws(LedgerError) {
        let proof = InclusionProof(leafIndex: leafIndex, treeSize: treeSize, path: try path.map(Self.digest))
        try proof.verify(leafHash: try digest(leafHash), rootHash: try digest(rootHash))
    }

    static func digest(_ bytes: [UInt8]) throws(LedgerError) -> SHA256Digest {
        guard let digest = SHA256Digest(bytes: bytes) else {
            throw LedgerError(.hashLengthInvalid, "a hash has 32 bytes, not \(bytes.count)")
        }
        return digest
    }
}
