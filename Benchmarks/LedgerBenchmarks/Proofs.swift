import Cryptography
import Foundation
import Ledger

/// Inclusion proofs at `count` entries: builds a real ``FileLedger`` of that many entries (a
/// bounded window of `submit`s, the bulk-import path), then times one proof at a time for the
/// same random leaf indices from
/// - the ledger, first with the tile cache empty (`file_ledger_first_pass`), then warm
///   (`file_ledger_warm`; the ledger's cache holds 4,096 tiles, enough for all of them);
/// - a ``TiledLogReader`` opened on the directory, cold (`reader_cold`, its default 256 tiles),
///   and in the steady state of a 2,048-tile cache, the ledger's default (`reader_2048_steady`);
/// - an ``InMemoryTree`` (`in_memory`), with the nodes each proof needs;
/// - and, for what a tile-cache miss costs, one full tile file read and parsed (`tile_read`,
///   `tile_parse`);
/// and times the verification of each proof against the checkpoint's root (`verify`).
/// "Cold" means an empty tile cache; the files are in the OS page cache, as on a busy server.
func measureProofs(base: String, count: Int, entryBytes: Int, proofs: Int) {
    let entries = (0..<count).map { makeEntry($0, bytes: entryBytes) }
    var hasher = TreeHasher()
    var tree = InMemoryTree()
    for entry in entries { tree.append(leafHash: hasher.leafHash(entry), hasher: &hasher) }

    let directory = makeTemporaryDirectory(under: base)
    defer { removeDirectory(directory) }
    let ledger = try! FileLedger(configuration: LedgerConfiguration(dataDirectory: directory, tileCacheCapacity: 4096))
    defer { ledger.close() }
    let log = BatchLog(treeSize: 0)
    let windowSize = 16_384
    let window = DispatchSemaphore(value: windowSize)
    let done = DispatchGroup()
    let start = nanoseconds()
    for entry in entries {
        window.wait()
        done.enter()
        ledger.submit(entry) { result in
            guard case .success(let appended) = result else { fatalError("append failed: \(result)") }
            log.observe(leafIndex: appended.leafIndex, ledger: ledger)
            window.signal()
            done.leave()
        }
    }
    done.wait()
    let buildSeconds = seconds(since: start)
    let sizes = log.sizes
    report(
        "proofs_build",
        [
            "entries": .int(count), "entry_bytes": .int(entryBytes), "window": .int(windowSize),
            "seconds": .number(buildSeconds, digits: 2),
            "appends_per_second": .number(Double(count) / buildSeconds, digits: 0), "batches": .int(sizes.count),
            "mean_batch": .number(Double(count) / Double(sizes.count), digits: 1),
            "max_batch": .int(sizes.max() ?? 0),
        ])

    let root = ledger.checkpoint.checkpoint.rootHash
    precondition(ledger.checkpoint.checkpoint.treeSize == UInt64(count), "the ledger holds the wrong count")
    precondition(root == tree.rootHash, "the ledger's root is not the in-memory tree's")
    var random = SplitMix64(seed: 7)
    let indices = (0..<proofs).map { _ in random.next() % UInt64(count) }

    func timed(_ generate: (UInt64) throws -> InclusionProof) -> (Samples, [InclusionProof]) {
        var samples: [UInt64] = []
        var made: [InclusionProof] = []
        samples.reserveCapacity(indices.count)
        made.reserveCapacity(indices.count)
        for leafIndex in indices {
            let begin = nanoseconds()
            let proof = try! generate(leafIndex)
            samples.append(nanoseconds() - begin)
            made.append(proof)
        }
        return (Samples(samples), made)
    }
    func line(_ source: String, _ samples: Samples, _ extra: [(String, Field)] = []) {
        report(
            "proofs",
            [
                ("source", .string(source)), ("entries", .int(count)), ("proofs", .int(samples.count)),
                ("median_us", us(samples.median)), ("p99_us", us(samples.p99)), ("mean_us", us(samples.mean)),
            ] + extra)
    }

    let (firstPass, _) = timed { try ledger.inclusionProof(leafIndex: $0) }
    line("file_ledger_first_pass", firstPass)
    let (warm, ledgerProofs) = timed { try ledger.inclusionProof(leafIndex: $0) }
    line("file_ledger_warm", warm, [("path_hashes", .int(ledgerProofs[0].path.count))])

    var opened = nanoseconds()
    let cold = try! TiledLogReader(directory: directory + "/ledger", verifier: ledger.verifier)
    var openTime = nanoseconds() - opened
    let (coldSamples, coldProofs) = timed { try cold.inclusionProof(leafIndex: $0) }
    line("reader_cold", coldSamples, [("open_ms", ms(openTime)), ("tile_cache", .int(256))])
    precondition(coldProofs == ledgerProofs, "the reader's proofs are not the ledger's")

    opened = nanoseconds()
    let steady = try! TiledLogReader(
        directory: directory + "/ledger", verifier: ledger.verifier, tileCacheCapacity: 2048)
    openTime = nanoseconds() - opened
    _ = timed { try steady.inclusionProof(leafIndex: $0) }
    let (steadySamples, _) = timed { try steady.inclusionProof(leafIndex: $0) }
    line("reader_2048_steady", steadySamples, [("open_ms", ms(openTime)), ("tile_cache", .int(2048))])

    let treeSize = UInt64(count)
    _ = timed { try InclusionProof.generate(leafIndex: $0, treeSize: treeSize) { tree.node($0) } }
    let (memorySamples, memoryProofs) = timed {
        try InclusionProof.generate(leafIndex: $0, treeSize: treeSize) { tree.node($0) }
    }
    let nodes = indices.prefix(1_000).map { leafIndex in
        MerkleTree.nodesNeeded { node in
            _ = try! InclusionProof.generate(leafIndex: leafIndex, treeSize: treeSize) { node($0) }
        }.count
    }
    let meanNodes = Double(nodes.reduce(0, +)) / Double(nodes.count)
    line(
        "in_memory", memorySamples,
        [
            ("nodes_per_proof", .number(meanNodes, digits: 1)),
            ("hashes_per_proof", .number(meanNodes - Double(ledgerProofs[0].path.count), digits: 1)),
        ])
    precondition(memoryProofs == ledgerProofs, "the in-memory proofs are not the ledger's")

    // What a tile-cache miss costs: reading a full tile file, and parsing it into a HashTile
    // (which hashes the 255 nodes above its 256 stored hashes).
    let tiles = count / TilePath.width
    var reads: [UInt64] = []
    var parses: [UInt64] = []
    var buffer = [UInt8](repeating: 0, count: 32 * TilePath.width)
    for leafIndex in indices.prefix(2_000) {
        let index = leafIndex / UInt64(TilePath.width) % UInt64(tiles)
        let path = directory + "/ledger/" + TilePath.hashTile(level: 0, index: index)
        let begin = nanoseconds()
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        let read = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        close(fd)
        reads.append(nanoseconds() - begin)
        precondition(fd >= 0 && read == buffer.count, "cannot read `\(path)`")
        let parsing = nanoseconds()
        let tile = try! HashTile(tileLevel: 0, index: index, bytes: buffer, hasher: &hasher)
        parses.append(nanoseconds() - parsing)
        precondition(tile.levels.count == 9, "a full tile has 9 levels")
    }
    line("tile_read", Samples(reads), [("tile_bytes", .int(buffer.count))])
    line("tile_parse", Samples(parses), [("node_hashes", .int(TilePath.width - 1))])

    var verifications: [UInt64] = []
    verifications.reserveCapacity(2 * indices.count)
    for _ in 0..<2 {
        for (proof, leafIndex) in zip(ledgerProofs, indices) {
            let leafHash = tree.levels[0][Int(leafIndex)]
            let begin = nanoseconds()
            do {
                try proof.verify(leafHash: leafHash, rootHash: root)
            } catch {
                fatalError("proof for \(leafIndex) does not verify: \(error)")
            }
            verifications.append(nanoseconds() - begin)
        }
    }
    line("verify", Samples(verifications))
}
