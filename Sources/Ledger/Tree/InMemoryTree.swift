import Cryptography

/// A whole Merkle tree held in memory: the hash of every perfect subtree, level by level.
///
/// For tests, benchmarks and verifiers that rebuild a tree from its leaves; a ledger on disk keeps
/// these hashes in tiles instead. Appending is amortised O(1) hashes per leaf.
public struct InMemoryTree: Sendable {
    /// `levels[l][i]` is the hash of node `(l, i)`; level 0 holds the leaf hashes.
    public private(set) var levels: [[SHA256Digest]] = [[]]

    /// Makes an empty tree.
    public init() {}

    /// The number of leaves.
    public var treeSize: UInt64 { UInt64(levels[0].count) }

    /// Appends a leaf by its leaf hash, hashing every subtree it completes.
    public mutating func append(leafHash: SHA256Digest, hasher: inout TreeHasher) {
        levels[0].append(leafHash)
        var level = 0
        var index = levels[0].count - 1
        // A right child completes its parent; keep climbing while that is so.
        while index & 1 == 1 {
            let parent = hasher.nodeHash(levels[level][index - 1], levels[level][index])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
            index >>= 1
        }
    }

    /// The hash of a perfect subtree. Requires the node to be complete in this tree.
    public func node(_ id: NodeID) -> SHA256Digest {
        precondition(id.level < levels.count && id.index < UInt64(levels[id.level].count), "node \(id) is not complete")
        return levels[id.level][Int(id.index)]
    }

    /// The root hash of the first `treeSize` leaves. Requires `treeSize <= self.treeSize`.
    public func rootHash(treeSize: UInt64) -> SHA256Digest {
        precondition(treeSize <= self.treeSize, "tree size \(treeSize) is above \(self.treeSize)")
        return MerkleTree.rootHash(treeSize: treeSize) { node($0) }
    }

    /// The root hash of the whole tree.
    public var rootHash: SHA256Digest { rootHash(treeSize: treeSize) }
}
