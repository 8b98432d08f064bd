import Cryptography
import Testing

@testable import Ledger

/// Proofs generated for every leaf and size pair of small trees verify, and any change breaks them.
struct ProofGenerationTests {
    static func tree(_ size: Int) -> InMemoryTree {
        var tree = InMemoryTree()
        var hasher = TreeHasher()
        for index in 0..<size { tree.append(leafHash: hasher.leafHash(Array("leaf \(index)".utf8)), hasher: &hasher) }
        return tree
    }

    /// `MTH` exactly as RFC 9162 §2.1.1 writes it, from the leaf hashes.
    static func naiveRoot(_ leaves: ArraySlice<SHA256Digest>) -> SHA256Digest {
        if leaves.isEmpty { return TreeHasher.emptyRoot }
        if leaves.count == 1 { return leaves.first! }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        let start = leaves.startIndex
        return TreeHasher.nodeHash(naiveRoot(leaves[start..<start + k]), naiveRoot(leaves[(start + k)...]))
    }

    @Test func rootsMatchTheRFCDefinition() {
        let tree = Self.tree(70)
        for size in 0...70 {
            #expect(tree.rootHash(treeSize: UInt64(size)) == Self.naiveRoot(tree.levels[0][0..<size]), "size \(size)")
        }
        #expect(Self.tree(0).rootHash.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func everyInclusionProofVerifiesAndNoAlteredOneDoes() throws {
        let tree = Self.tree(40)
        for size in UInt64(1)...40 {
            let root = tree.rootHash(treeSize: size)
            for index in 0..<size {
                let proof = try InclusionProof.generate(leafIndex: index, treeSize: size) { tree.node($0) }
                let leaf = tree.levels[0][Int(index)]
                try proof.verify(leafHash: leaf, rootHash: root)
                #expect(throws: LedgerError(.proofInvalid, "")) {
                    try proof.verify(leafHash: TreeHasher.leafHash(of: [9]), rootHash: root)
                }
                if !proof.path.isEmpty {
                    var shorter = proof
                    shorter.path.removeLast()
                    #expect(throws: LedgerError(.proofInvalid, "")) {
                        try shorter.verify(leafHash: leaf, rootHash: root)
                    }
                }
                var longer = proof
                longer.path.append(root)
                #expect(throws: LedgerError(.proofInvalid, "")) { try longer.verify(leafHash: leaf, rootHash: root) }
            }
            var outside = try InclusionProof.generate(leafIndex: 0, treeSize: size) { tree.node($0) }
            outside.leafIndex = size
            #expect(throws: LedgerError(.leafIndexOutOfRange, "")) {
                try outside.verify(leafHash: tree.levels[0][0], rootHash: root)
            }
        }
    }

    @Test func everyConsistencyProofVerifiesAndNoAlteredOneDoes() throws {
        let tree = Self.tree(40)
        for size in UInt64(1)...40 {
            let root = tree.rootHash(treeSize: size)
            for oldSize in UInt64(1)...size {
                let oldRoot = tree.rootHash(treeSize: oldSize)
                let proof = try ConsistencyProof.generate(oldSize: oldSize, treeSize: size) { tree.node($0) }
                try proof.verify(oldRoot: oldRoot, rootHash: root)
                if oldSize < size {
                    #expect(throws: LedgerError(.proofInvalid, "")) {
                        try proof.verify(
                            oldRoot: tree.rootHash(treeSize: oldSize - 1 == 0 ? size : oldSize - 1), rootHash: root)
                    }
                    var altered = proof
                    altered.path[altered.path.count - 1] = TreeHasher.emptyRoot
                    #expect(throws: LedgerError(.proofInvalid, "")) {
                        try altered.verify(oldRoot: oldRoot, rootHash: root)
                    }
                }
            }
        }
        #expect(throws: LedgerError(.treeSizeInvalid, "")) {
            try ConsistencyProof.generate(oldSize: 0, treeSize: 3) { tree.node($0) }
        }
        #expect(throws: LedgerError(.treeSizeInvalid, "")) {
            try ConsistencyProof(oldSize: 4, treeSize: 3, path: []).verify(
                oldRoot: tree.rootHash, rootHash: tree.rootHash)
        }
    }

    @Test func saysWhichNodesAProofNeedsBeforeFetchingAny() throws {
        let needed = MerkleTree.nodesNeeded { node in
            _ = try? InclusionProof.generate(leafIndex: 5, treeSize: 13) { node($0) }
        }
        // Leaf 5 in a tree of 13: sibling 4, node (1,3), node (2,0), then the right part 8..<13
        // as (2,2) and (0,12).
        #expect(
            Set(needed) == [
                NodeID(level: 0, index: 4), NodeID(level: 1, index: 3), NodeID(level: 2, index: 0),
                NodeID(level: 2, index: 2), NodeID(level: 0, index: 12),
            ])
    }

    @Test func rejectsHashesOfTheWrongLength() {
        #expect(throws: LedgerError(.hashLengthInvalid, "")) {
            try InclusionProof.verify(leafIndex: 0, treeSize: 1, leafHash: [], path: [], rootHash: [])
        }
        #expect(throws: LedgerError(.hashLengthInvalid, "")) {
            try ConsistencyProof.verify(
                oldSize: 1, treeSize: 2, oldRoot: Array(repeating: 0, count: 31),
                rootHash: Array(repeating: 0, count: 32), path: [Array(repeating: 0, count: 32)])
        }
    }
}
