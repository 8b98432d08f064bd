import Cryptography
import Ledger

/// Leaves hashed per second on one thread, over `count` entries of `entryBytes` bytes: leaf
/// hashes alone, the tree's node hashes alone (from those leaf hashes), and both into an
/// ``InMemoryTree`` as an appender does. Each stage is run `passes` times; the median is reported.
func measureLeafHashing(count: Int, entryBytes: Int, passes: Int) {
    let entries = (0..<count).map { makeEntry($0, bytes: entryBytes) }
    var hasher = TreeHasher()
    var leafHashes: [SHA256Digest] = []
    leafHashes.reserveCapacity(count)
    var leafSeconds: [Double] = []
    var nodeSeconds: [Double] = []
    var treeSeconds: [Double] = []
    var nodeCount = 0
    var root = TreeHasher.emptyRoot
    for _ in 0..<passes {
        leafHashes.removeAll(keepingCapacity: true)
        var start = nanoseconds()
        for entry in entries { leafHashes.append(hasher.leafHash(entry)) }
        leafSeconds.append(seconds(since: start))

        var nodesOnly = InMemoryTree()
        start = nanoseconds()
        for leafHash in leafHashes { nodesOnly.append(leafHash: leafHash, hasher: &hasher) }
        nodeSeconds.append(seconds(since: start))
        nodeCount = nodesOnly.levels.dropFirst().reduce(0) { $0 + $1.count }

        var tree = InMemoryTree()
        start = nanoseconds()
        for entry in entries { tree.append(leafHash: hasher.leafHash(entry), hasher: &hasher) }
        treeSeconds.append(seconds(since: start))
        root = tree.rootHash
        precondition(root == nodesOnly.rootHash, "the two trees disagree")
    }
    for (stage, timings) in [("leaf_hashes", leafSeconds), ("node_hashes", nodeSeconds), ("tree", treeSeconds)] {
        let median = timings.sorted()[timings.count / 2]
        report(
            "leaf_hashing",
            [
                "stage": .string(stage), "leaves": .int(count), "entry_bytes": .int(entryBytes),
                "node_hashes": .int(stage == "leaf_hashes" ? 0 : nodeCount), "passes": .int(passes),
                "seconds": .number(median, digits: 3),
                "leaves_per_second": .number(Double(count) / median, digits: 0),
                "ns_per_leaf": .number(median * 1e9 / Double(count), digits: 1),
                "root": .string(String(root.hex.prefix(16))),
            ])
    }
}
