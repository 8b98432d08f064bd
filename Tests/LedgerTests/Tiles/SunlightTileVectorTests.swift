import Cryptography
import Foundation
import TestSupport
import Testing

@testable import Ledger

/// Sunlight's tlog-tiles tree of 300 leaves (`record 0` … `record 299`), rebuilt from the leaves:
/// every tile file it published must be byte-for-byte what we compute, and the root must be its
/// checkpoint's.
@Suite(.enabled(if: Vectors.shouldRun("ledger"), Comment(rawValue: Vectors.skipMessage("ledger"))))
struct SunlightTileVectorTests {
    static let mirror =
        "ledger/sunlight-skylight/witness/mirror/000de184301123b9278c086a7d9f68c9577e83872224c197058fd90784ea9706"

    static func tree() -> InMemoryTree {
        var tree = InMemoryTree()
        var hasher = TreeHasher()
        for index in 0..<300 { tree.append(leafHash: hasher.leafHash(Array("record \(index)".utf8)), hasher: &hasher) }
        return tree
    }

    @Test func rebuildsEveryPublishedTile() throws {
        let computed = TileLayout.hashTiles(of: Self.tree(), treeSize: 300)
        #expect(computed.map(\.path) == ["tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1"])
        for file in computed {
            let published = try Data(contentsOf: Vectors.url("\(Self.mirror)/\(file.path)"))
            #expect(Array(published) == file.bytes, "\(file.path)")
        }
    }

    @Test func recomputesTheCheckpointRoot() throws {
        let checkpoint = try String(contentsOf: Vectors.url("\(Self.mirror)/checkpoint"), encoding: .utf8)
        let lines = checkpoint.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "rome2026h1.example.org")
        #expect(lines[1] == "300")
        #expect(Self.tree().rootHash.bytes == (try Base64.decode(String(lines[2]))))
    }

    @Test func tilesAnswerForTheNodesInside() throws {
        let tree = Self.tree()
        var hasher = TreeHasher()
        let files = TileLayout.hashTiles(of: tree, treeSize: 300)
        let level0 = try HashTile(tileLevel: 0, index: 0, bytes: files[0].bytes, hasher: &hasher)
        let partial = try HashTile(tileLevel: 0, index: 1, bytes: files[1].bytes, hasher: &hasher)
        for id in [NodeID(level: 0, index: 255), NodeID(level: 3, index: 31), NodeID(level: 8, index: 0)] {
            #expect(level0.node(id) == tree.node(id), "\(id)")
            #expect(HashTile.locate(id).index == 0)
        }
        #expect(partial.node(NodeID(level: 2, index: 74)) == tree.node(NodeID(level: 2, index: 74)))
        #expect(partial.node(NodeID(level: 3, index: 37)) == nil)  // leaves 296..<304: not complete
        #expect(partial.node(NodeID(level: 0, index: 300)) == nil)
        #expect(throws: LedgerError(.corrupt, "")) {
            try HashTile(tileLevel: 0, index: 0, bytes: Array(files[0].bytes.dropLast()), hasher: &hasher)
        }
    }
}
