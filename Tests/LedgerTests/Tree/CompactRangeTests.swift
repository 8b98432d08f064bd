import Cryptography
import Testing

@testable import Ledger

struct CompactRangeTests {
    @Test func matchesTheWholeTreeAtEverySizeAndReportsEveryCompletedNode() {
        var range = CompactRange()
        var tree = InMemoryTree()
        var hasher = TreeHasher()
        var completed: [NodeID: SHA256Digest] = [:]
        #expect(range.rootHash(hasher: &hasher) == TreeHasher.emptyRoot)
        for index in 0..<300 {
            let leaf = hasher.leafHash(Array("leaf \(index)".utf8))
            tree.append(leafHash: leaf, hasher: &hasher)
            range.append(leafHash: leaf, hasher: &hasher) { completed[$0] = $1 }
            #expect(range.treeSize == tree.treeSize)
            #expect(range.rootHash(hasher: &hasher) == tree.rootHash, "size \(index + 1)")
        }
        // Exactly the perfect subtrees of 300 leaves: 300 + 150 + 75 + 37 + 18 + 9 + 4 + 2 + 1.
        #expect(completed.count == 596)
        for (id, hash) in completed { #expect(tree.node(id) == hash) }
    }
}
