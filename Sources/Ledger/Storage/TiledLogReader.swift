import Cryptography

/// Reads a ledger directory the way any tlog-tiles client does — the signed `checkpoint`, hash
/// tiles and entry bundles, nothing else — so it works on a copy or a mirror, and beside a
/// running server without disturbing its writer.
///
/// A partial tile that the writer has since completed is read from the full tile (the partial
/// is a prefix of it, C2SP tlog-tiles).
public struct TiledLogReader: Sendable {
    /// The verified checkpoint the reader serves proofs for.
    public let checkpoint: Checkpoint
    /// The checkpoint's signed note text.
    public let checkpointNote: String
    private let reader: TileReader
    private let snapshot: TileReader.Snapshot

    /// Opens `directory`, verifying its checkpoint with `verifier`.
    /// - Throws: `ledger.io_failed` when there is no checkpoint; note and checkpoint errors;
    ///   `ledger.corrupt` when a tile the checkpoint needs is missing or malformed.
    public init(directory: String, verifier: NoteVerifier, tileCacheCapacity: Int = 256) throws(LedgerError) {
        let path = directory + "/checkpoint"
        guard let note = try FileIO.read(path) else {
            throw LedgerError(.ioFailed, "there is no checkpoint at `\(path)`: not a ledger directory")
        }
        checkpointNote = String(decoding: note, as: UTF8.self)
        checkpoint = try Checkpoint.open(note: checkpointNote, verifier: verifier)
        let size = checkpoint.treeSize
        let width = UInt64(TilePath.width)
        var hasher = TreeHasher()
        var tiles: [HashTile?] = []
        var level = 0
        while level * TilePath.height < 64, size >> UInt64(level * TilePath.height) > 0 {
            let count = size >> UInt64(level * TilePath.height)
            let partial = Int(count % width)
            if partial == 0 {
                tiles.append(nil)
            } else {
                let bytes = try Self.readPrefix(
                    directory: directory, full: TilePath.hashTile(level: level, index: count / width),
                    partial: TilePath.hashTile(level: level, index: count / width, width: partial), bytes: partial * 32)
                tiles.append(try HashTile(tileLevel: level, index: count / width, bytes: bytes, hasher: &hasher))
            }
            level += 1
        }
        var entries: [[UInt8]] = []
        if size % width != 0 {
            let index = size / width
            let partial = Int(size % width)
            let fullPath = TilePath.entryBundle(index: index)
            let partialPath = TilePath.entryBundle(index: index, width: partial)
            if let bytes = try FileIO.read(directory + "/" + partialPath) {
                entries = try EntryBundle.decode(bytes, path: partialPath)
            } else if let bytes = try FileIO.read(directory + "/" + fullPath) {
                entries = Array(try EntryBundle.decode(bytes, path: fullPath).prefix(partial))
            }
            guard entries.count == partial else {
                throw LedgerError(
                    .corrupt, "entry bundle `\(partialPath)` is missing or does not hold \(partial) entries")
            }
        }
        snapshot = TileReader.Snapshot(
            checkpoint: checkpoint, checkpointNote: checkpointNote, partialTiles: tiles, partialEntries: entries)
        reader = TileReader(directory: directory, capacity: tileCacheCapacity, snapshot: snapshot)
    }

    /// The first `bytes` bytes of a partial tile, from its own file or from the full tile.
    private static func readPrefix(directory: String, full: String, partial: String, bytes: Int) throws(LedgerError)
        -> [UInt8]
    {
        if let data = try FileIO.read(directory + "/" + partial), data.count == bytes { return data }
        if let data = try FileIO.read(directory + "/" + full), data.count >= bytes { return Array(data.prefix(bytes)) }
        throw LedgerError(.corrupt, "tile `\(partial)` is missing or is not \(bytes) bytes")
    }

    /// The entry at `leafIndex`.
    /// - Throws: `ledger.leaf_index_out_of_range`; `ledger.corrupt`, `ledger.io_failed`.
    public func entry(at leafIndex: UInt64) throws(LedgerError) -> [UInt8] {
        guard leafIndex < checkpoint.treeSize else {
            throw LedgerError(
                .leafIndexOutOfRange, "leaf index \(leafIndex) is not below tree size \(checkpoint.treeSize)")
        }
        return try reader.entry(at: leafIndex, in: snapshot)
    }

    /// An inclusion proof for `leafIndex` in the tree of `treeSize` leaves (default: the checkpoint's).
    /// - Throws: `ledger.leaf_index_out_of_range`, `ledger.tree_size_invalid`, `ledger.corrupt`.
    public func inclusionProof(leafIndex: UInt64, treeSize: UInt64? = nil) throws(LedgerError) -> InclusionProof {
        let size = try checkedSize(treeSize)
        return try Self.rethrow {
            try InclusionProof.generate(leafIndex: leafIndex, treeSize: size) { try reader.node($0, in: snapshot) }
        }
    }

    /// A consistency proof from `oldSize` to `treeSize` (default: the checkpoint's).
    /// - Throws: `ledger.tree_size_invalid`, `ledger.corrupt`.
    public func consistencyProof(oldSize: UInt64, treeSize: UInt64? = nil) throws(LedgerError) -> ConsistencyProof {
        let size = try checkedSize(treeSize)
        return try Self.rethrow {
            try ConsistencyProof.generate(oldSize: oldSize, treeSize: size) { try reader.node($0, in: snapshot) }
        }
    }

    /// The root hash of the first `treeSize` leaves.
    /// - Throws: `ledger.tree_size_invalid`, `ledger.corrupt`.
    public func rootHash(treeSize: UInt64) throws(LedgerError) -> SHA256Digest {
        let size = try checkedSize(treeSize)
        return try MerkleTree.rootHash(treeSize: size) { (id) throws(LedgerError) in try reader.node(id, in: snapshot) }
    }

    private func checkedSize(_ treeSize: UInt64?) throws(LedgerError) -> UInt64 {
        let size = treeSize ?? checkpoint.treeSize
        guard size <= checkpoint.treeSize else {
            throw LedgerError(.treeSizeInvalid, "tree size \(size) is above the checkpoint's \(checkpoint.treeSize)")
        }
        return size
    }

    static func rethrow<T>(_ body: () throws -> T) throws(LedgerError) -> T {
        do {
            return try body()
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.corrupt, "\(error)")
        }
    }
}
