import Cryptography
import Foundation
import TestSupport
import Testing

@testable import Ledger

/// The 16 checkpoints the Go serverless-log wrote while appending 15 leaves: each root is rebuilt
/// from the leaves, and every pair of them is proved consistent with our proofs.
@Suite(.enabled(if: Vectors.shouldRun("ledger"), Comment(rawValue: Vectors.skipMessage("ledger"))))
struct ServerlessLogVectorTests {
    static let folder = "ledger/serverless-log"

    static func leaves() throws -> [String] {
        let data = try Data(contentsOf: Vectors.url("\(folder)/log.json"))
        let log = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(log["leaves_utf8"] as? [String])
    }

    /// (size, root) of `checkpoint.<size>`, read from the body's second and third lines.
    static func checkpoint(_ size: Int) throws -> (UInt64, SHA256Digest) {
        let text = try String(contentsOf: Vectors.url("\(folder)/checkpoints/checkpoint.\(size)"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "example.com/testdata")
        let root = try #require(SHA256Digest(bytes: try Base64.decode(String(lines[2]))))
        return (try #require(UInt64(lines[1])), root)
    }

    @Test(arguments: 0...15)
    func rebuildsTheCheckpointFromTheLeaves(size: Int) throws {
        var tree = InMemoryTree()
        var hasher = TreeHasher()
        for leaf in try Self.leaves().prefix(size) {
            tree.append(leafHash: hasher.leafHash(Array(leaf.utf8)), hasher: &hasher)
        }
        let (treeSize, root) = try Self.checkpoint(size)
        #expect(treeSize == UInt64(size))
        #expect(tree.rootHash == root)
    }

    @Test func provesEveryLaterCheckpointConsistentWithEveryEarlierOne() throws {
        var tree = InMemoryTree()
        var hasher = TreeHasher()
        for leaf in try Self.leaves() { tree.append(leafHash: hasher.leafHash(Array(leaf.utf8)), hasher: &hasher) }
        for newSize in 1...15 {
            let (_, newRoot) = try Self.checkpoint(newSize)
            for oldSize in 1...newSize {
                let (_, oldRoot) = try Self.checkpoint(oldSize)
                let proof = try ConsistencyProof.generate(oldSize: UInt64(oldSize), treeSize: UInt64(newSize)) {
                    tree.node($0)
                }
                try proof.verify(oldRoot: oldRoot, rootHash: newRoot)
            }
            for index in 0..<newSize {
                let proof = try InclusionProof.generate(leafIndex: UInt64(index), treeSize: UInt64(newSize)) {
                    tree.node($0)
                }
                try proof.verify(leafHash: tree.levels[0][index], rootHash: newRoot)
            }
        }
    }
}
