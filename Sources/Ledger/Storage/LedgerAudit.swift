import Cryptography

/// Checks a ledger directory from its entries up, as an auditor's tool would: every entry bundle
/// read, every leaf hashed, every hash tile recomputed and compared byte for byte, the root
/// compared with the signed checkpoint, and optionally an older checkpoint proved a prefix.
public enum LedgerAudit {
    /// What a successful audit checked.
    public struct Report: Sendable {
        /// The verified checkpoint.
        public var checkpoint: Checkpoint
        /// Entry bundles read.
        public var entryBundles: Int
        /// Hash tiles recomputed and compared.
        public var hashTiles: Int
        /// The older checkpoint proved to be a prefix, when one was given.
        public var since: Checkpoint?
    }

    /// Audits `directory` against `verifier`.
    /// - Parameters:
    ///   - directory: A ledger directory (or a mirror of one).
    ///   - verifier: The log's key.
    ///   - sinceNote: An older signed checkpoint the current tree must extend.
    /// - Returns: What was checked.
    /// - Throws: the first failure: note and checkpoint errors; `ledger.corrupt` naming the file
    ///   that is missing or differs; `ledger.proof_invalid` when the entries do not hash to the
    ///   checkpoint's root; `ledger.checkpoint_inconsistent` when the older checkpoint is not a
    ///   prefix.
    public static func verify(directory: String, verifier: NoteVerifier, sinceNote: String? = nil) throws(LedgerError)
        -> Report
    {
        guard let note = try FileIO.read(directory + "/checkpoint") else {
            throw LedgerError(.ioFailed, "there is no checkpoint in `\(directory)`: not a ledger directory")
        }
        let checkpoint = try Checkpoint.open(note: String(decoding: note, as: UTF8.self), verifier: verifier)
        let size = checkpoint.treeSize
        let width = UInt64(TilePath.width)
        var tree = InMemoryTree()
        var hasher = TreeHasher()
        var bundles = 0
        var index: UInt64 = 0
        while index * width < size {
            let count = Int(min(width, size - index * width))
            let path = TilePath.entryBundle(index: index, width: count)
            let full = TilePath.entryBundle(index: index)
            var entries: [[UInt8]]
            if let bytes = try FileIO.read(directory + "/" + path) {
                entries = try EntryBundle.decode(bytes, path: path)
            } else if count < TilePath.width, let bytes = try FileIO.read(directory + "/" + full) {
                entries = Array(try EntryBundle.decode(bytes, path: full).prefix(count))
            } else {
                throw LedgerError(.corrupt, "entry bundle `\(path)` is missing")
            }
            guard entries.count == count else {
                throw LedgerError(.corrupt, "entry bundle `\(path)` holds \(entries.count) entries, not \(count)")
            }
            for entry in entries { tree.append(leafHash: hasher.leafHash(entry), hasher: &hasher) }
            bundles += 1
            index += 1
        }
        let tiles = TileLayout.hashTiles(of: tree, treeSize: size)
        for tile in tiles {
            let onDisk = try FileIO.read(directory + "/" + tile.path)
            if onDisk == tile.bytes { continue }
            // A partial tile may have been replaced by its full tile, of which it is a prefix.
            if let range = tile.path.range(of: ".p/"),
                let full = try FileIO.read(directory + "/" + tile.path[..<range.lowerBound]),
                full.count == 32 * TilePath.width, full.starts(with: tile.bytes)
            {
                continue
            }
            throw LedgerError(
                .corrupt, "tile `\(tile.path)` is \(onDisk == nil ? "missing" : "not what the entries hash to")")
        }
        guard tree.rootHash == checkpoint.rootHash else {
            throw LedgerError(
                .proofInvalid, "the \(size) entries hash to \(tree.rootHash.hex), not the checkpoint's root")
        }
        var since: Checkpoint?
        if let sinceNote {
            let old = try Checkpoint.open(note: sinceNote, verifier: verifier)
            guard old.treeSize <= size else {
                throw LedgerError(
                    .checkpointInconsistent, "the older checkpoint's size \(old.treeSize) is above the current \(size)")
            }
            guard tree.rootHash(treeSize: old.treeSize) == old.rootHash else {
                throw LedgerError(
                    .checkpointInconsistent,
                    "the first \(old.treeSize) entries do not hash to the older checkpoint's root: the log was rewritten"
                )
            }
            if old.treeSize > 0 {
                let proof = try TiledLogReader.rethrow {
                    try ConsistencyProof.generate(oldSize: old.treeSize, treeSize: size) { tree.node($0) }
                }
                try proof.verify(oldRoot: old.rootHash, rootHash: checkpoint.rootHash)
            }
            since = old
        }
        return Report(checkpoint: checkpoint, entryBundles: bundles, hashTiles: tiles.count, since: since)
    }
}
