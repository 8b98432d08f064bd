import Cryptography
import Synchronization

/// Answers node hashes for proofs from the published state: full tiles from disk through a
/// bounded cache, the partial right edge from the snapshot the writer published last.
final class TileReader: Sendable {
    /// What the writer published after its last commit: readers never see a half-applied batch.
    /// A class, so a proof's many node lookups share one reference instead of copying arrays.
    final class Snapshot: Sendable {
        let checkpoint: Checkpoint
        let checkpointNote: String
        /// The partial hash tile of each tile level (`nil` where the level's last tile is full).
        let partialTiles: [HashTile?]
        /// The entries of the partial entry bundle.
        let partialEntries: [[UInt8]]
        var treeSize: UInt64 { checkpoint.treeSize }

        init(checkpoint: Checkpoint, checkpointNote: String, partialTiles: [HashTile?], partialEntries: [[UInt8]]) {
            self.checkpoint = checkpoint
            self.checkpointNote = checkpointNote
            self.partialTiles = partialTiles
            self.partialEntries = partialEntries
        }
    }

    private struct TileKey: Hashable {
        var level: Int
        var index: UInt64
    }

    let directory: String
    private let capacity: Int
    private let cache = Mutex<[TileKey: HashTile]>([:])
    private let published: Mutex<Snapshot>

    init(directory: String, capacity: Int, snapshot: Snapshot) {
        self.directory = directory
        self.capacity = capacity
        self.published = Mutex(snapshot)
    }

    var snapshot: Snapshot { published.withLock { $0 } }

    func publish(_ snapshot: Snapshot) { published.withLock { $0 = snapshot } }

    /// The hash of a perfect subtree that is complete in `snapshot`.
    /// - Throws: `ledger.corrupt` or `ledger.io_failed` when its tile cannot be read.
    func node(_ id: NodeID, in snapshot: Snapshot) throws(LedgerError) -> SHA256Digest {
        let (tileLevel, index) = HashTile.locate(id)
        if tileLevel < snapshot.partialTiles.count, let partial = snapshot.partialTiles[tileLevel],
            partial.index == index
        {
            guard let hash = partial.node(id) else {
                throw LedgerError(.corrupt, "node \(id) is not in its partial tile")
            }
            return hash
        }
        let tile = try fullTile(level: tileLevel, index: index)
        guard let hash = tile.node(id) else { throw LedgerError(.corrupt, "node \(id) is not in its tile") }
        return hash
    }

    /// A full hash tile, from the cache or from disk.
    func fullTile(level: Int, index: UInt64) throws(LedgerError) -> HashTile {
        let key = TileKey(level: level, index: index)
        if let tile = cache.withLock({ $0[key] }) { return tile }
        let path = directory + "/" + TilePath.hashTile(level: level, index: index)
        guard let bytes = try FileIO.read(path) else { throw LedgerError(.corrupt, "tile `\(path)` is missing") }
        guard bytes.count == 32 * TilePath.width else {
            throw LedgerError(.corrupt, "tile `\(path)` has \(bytes.count) bytes, not \(32 * TilePath.width)")
        }
        var hasher = TreeHasher()
        let tile = try HashTile(tileLevel: level, index: index, bytes: bytes, hasher: &hasher)
        cache.withLock { cache in
            // Full: drop an eighth, arbitrary ones (dictionary order), so the cache stays mostly warm.
            if cache.count >= capacity {
                for key in Array(cache.keys.prefix(max(1, capacity / 8))) { cache.removeValue(forKey: key) }
            }
            cache[key] = tile
        }
        return tile
    }

    /// The entry at `index` of `snapshot`'s tree. Requires `index < snapshot.treeSize`.
    func entry(at index: UInt64, in snapshot: Snapshot) throws(LedgerError) -> [UInt8] {
        let width = UInt64(TilePath.width)
        let bundle = index / width
        if bundle == snapshot.treeSize / width {
            return snapshot.partialEntries[Int(index % width)]
        }
        let path = directory + "/" + TilePath.entryBundle(index: bundle)
        guard let bytes = try FileIO.read(path) else {
            throw LedgerError(.corrupt, "entry bundle `\(path)` is missing")
        }
        let entries = try EntryBundle.decode(bytes, path: path)
        guard entries.count == TilePath.width else {
            throw LedgerError(.corrupt, "entry bundle `\(path)` holds \(entries.count) entries, not \(TilePath.width)")
        }
        return entries[Int(index % width)]
    }
}
