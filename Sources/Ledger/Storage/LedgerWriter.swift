import Cryptography

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The single writer of a file-backed ledger: it owns the journal, the tree's right edge, the
/// partial tiles and the idempotency keys, and is used by one thread at a time (the sequencer,
/// or `open` before the sequencer starts).
final class LedgerWriter {
    struct Appended: Sendable, Hashable {
        var leafIndex: UInt64
        var leafHash: SHA256Digest
    }

    let directory: String
    let signer: NoteSigner
    let verifier: NoteVerifier
    /// Set once the journal has been replayed, at the end of `init`.
    private var journal: Journal?
    private var range = CompactRange()
    private var hasher = TreeHasher()
    private var recordHasher = SHA256()
    /// Hashes of tree level 8·L in the last, partial tile of tile level L.
    private var partialHashes: [[SHA256Digest]] = []
    private var partialEntries: [[UInt8]] = []
    /// Directories known to exist, so a batch does not ask the file system again.
    private var knownDirectories: Set<String> = []
    /// Widths of partial files written for each unfinished tile (by the full tile's path).
    private var partialWidths: [String: [Int]] = [:]
    /// Unfinished tiles begun before this writer opened the ledger: their earlier widths are unknown.
    private var recoveredPartials: Set<String> = []
    /// Tile levels (and -1 for entries) whose partial file changed since the last write.
    private var dirtyLevels: Set<Int> = []
    /// The partial tiles as readers see them, built once per commit; `nil` after any change.
    private var partialTiles: [HashTile?]?
    /// Idempotency key → the entry it appended.
    private var keys: [[UInt8]: Appended] = [:]
    private(set) var checkpoint: Checkpoint
    /// Bytes of torn journal tail cut off when the ledger was opened.
    private(set) var discardedBytes: UInt64 = 0
    private(set) var checkpointNote: String
    private let reader: TileReader

    var treeSize: UInt64 { range.treeSize }

    /// Opens the ledger: replays the journal (cutting a torn tail), rewrites any tile or bundle the
    /// crash lost, checks the last signed checkpoint against the entries, and signs a new one if
    /// the journal holds more.
    /// - Throws: `ledger.checkpoint_inconsistent` when the checkpoint on disk is not a checkpoint
    ///   of these entries (the journal lost acknowledged entries, or files were swapped); key,
    ///   I/O and corruption errors.
    init(configuration: LedgerConfiguration) throws(LedgerError) {
        directory = configuration.directory
        try FileIO.makeDirectories(directory)
        lock = try LedgerLock(path: directory + "/.lock")
        signer = try LedgerKey.loadOrCreate(
            keyFile: configuration.keyFile, vkeyFile: configuration.vkeyFile, origin: configuration.origin)
        verifier = try NoteVerifier(verifierKey: signer.verifierKey)
        let checkpointPath = directory + "/checkpoint"
        var signed: Checkpoint?
        // An empty file is a checkpoint the crash lost before it reached the disk.
        if let note = try FileIO.read(checkpointPath), !note.isEmpty {
            signed = try Checkpoint.open(note: String(decoding: note, as: UTF8.self), verifier: verifier)
        }
        checkpoint = Checkpoint(origin: signer.name, treeSize: 0, rootHash: TreeHasher.emptyRoot)
        checkpointNote = ""
        reader = TileReader(
            directory: directory, capacity: configuration.tileCacheCapacity,
            snapshot: .init(checkpoint: checkpoint, checkpointNote: "", partialTiles: [], partialEntries: []))
        var rootAtSigned: SHA256Digest? = signed?.treeSize == 0 ? TreeHasher.emptyRoot : nil
        let journal = try Journal.open(path: directory + "/.journal") { (record) throws(LedgerError) in
            try apply(key: record.key, entry: record.entry, recovering: true)
            if range.treeSize == signed?.treeSize { rootAtSigned = range.rootHash(hasher: &hasher) }
        }
        self.journal = journal
        if journal.discardedBytes > 0 {
            discardedBytes = journal.discardedBytes
        }
        if let signed {
            guard let rootAtSigned, rootAtSigned == signed.rootHash else {
                throw LedgerError(
                    .checkpointInconsistent,
                    "the signed checkpoint (size \(signed.treeSize)) is not a checkpoint of the \(range.treeSize) entries "
                        + "in `\(journal.path)`; the ledger will not sign past it")
            }
            checkpoint = signed
            checkpointNote = String(decoding: try FileIO.read(checkpointPath) ?? [], as: UTF8.self)
        }
        recoveredPartials = currentPartialPaths()
        try writePartialFiles(atomically: true)  // these widths may already be published
        if signed == nil || range.treeSize > checkpoint.treeSize || checkpointNote.isEmpty {
            try signCheckpoint()
        }
        publish()
    }

    var tileReader: TileReader { reader }

    /// The exclusive `flock` that makes this the ledger's only writer.
    private let lock: LedgerLock

    /// Releases the writer's lock; the writer accepts no more commits.
    func releaseLock() {
        lock.release()
        failed = LedgerError(.closed, "the ledger is closed")
    }

    /// Adds one entry to the tree and the tiles (not yet to the journal).
    private func apply(key: [UInt8], entry: [UInt8], leafHash: SHA256Digest? = nil, recovering: Bool)
        throws(LedgerError)
    {
        let leafHash = leafHash ?? hasher.leafHash(entry)
        let index = range.treeSize
        if !key.isEmpty { keys[key] = Appended(leafIndex: index, leafHash: leafHash) }
        partialEntries.append(entry)
        partialTiles = nil
        dirtyLevels.insert(-1)
        if partialEntries.count == TilePath.width {
            let path = directory + "/" + TilePath.entryBundle(index: index / UInt64(TilePath.width))
            try writeFull(path, EntryBundle.encode(partialEntries), recovering: recovering)
            partialEntries.removeAll(keepingCapacity: true)
        }
        var failure: LedgerError?
        range.append(leafHash: leafHash, hasher: &hasher) { id, hash in
            guard failure == nil, id.level % TilePath.height == 0 else { return }
            let tileLevel = id.level / TilePath.height
            while partialHashes.count <= tileLevel { partialHashes.append([]) }
            partialHashes[tileLevel].append(hash)
            dirtyLevels.insert(tileLevel)
            if partialHashes[tileLevel].count == TilePath.width {
                let tileIndex = id.index / UInt64(TilePath.width)
                let bytes = partialHashes[tileLevel].flatMap(\.bytes)
                do throws(LedgerError) {
                    try writeFull(
                        directory + "/" + TilePath.hashTile(level: tileLevel, index: tileIndex), bytes,
                        recovering: recovering)
                } catch {
                    failure = error
                }
                partialHashes[tileLevel].removeAll(keepingCapacity: true)
            }
        }
        if let failure { throw failure }
    }

    /// Writes a full tile or bundle; while recovering, only if the file on disk differs (a crash
    /// can lose a write that was never synced).
    private func writeFull(_ path: String, _ bytes: [UInt8], recovering: Bool) throws(LedgerError) {
        if recovering, let existing = try FileIO.read(path), existing == bytes {
            removePartials(of: path)
            return
        }
        try writeFile(path, bytes, atomically: recovering)
        removePartials(of: path)
    }

    /// Removes the partial versions of a tile once the full one exists: the widths this writer
    /// wrote, or — for a tile begun before the ledger was opened — every width.
    private func removePartials(of fullPath: String) {
        let known = partialWidths.removeValue(forKey: fullPath)
        guard known != nil || FileIO.exists(fullPath + ".p") else { return }
        let widths = known ?? Array(1..<TilePath.width)
        for width in widths { FileIO.remove(fullPath + ".p/\(width)") }
        if rmdir(fullPath + ".p") == 0 { knownDirectories.remove(fullPath + ".p") }
    }

    /// Writes a tile file, creating its directory only the first time. New tiles are written in
    /// place: no published checkpoint reaches them yet, so no reader asks for them until the
    /// checkpoint that does is written, after them. A file that may already be served (rewritten
    /// while recovering) is replaced atomically.
    private func writeFile(_ path: String, _ bytes: [UInt8], atomically: Bool) throws(LedgerError) {
        if let slash = path.lastIndex(of: "/") {
            let parent = String(path[..<slash])
            if !knownDirectories.contains(parent) {
                try FileIO.makeDirectories(parent)
                knownDirectories.insert(parent)
            }
        }
        if atomically {
            try FileIO.replace(path, with: bytes, durable: false)
        } else {
            try FileIO.writeInPlace(path, bytes)
        }
    }

    /// Writes the partial version of a tile and remembers its width for ``removePartials(of:)``.
    private func writePartial(fullPath: String, width: Int, _ bytes: [UInt8], atomically: Bool) throws(LedgerError) {
        try writeFile(fullPath + ".p/\(width)", bytes, atomically: atomically)
        if !recoveredPartials.contains(fullPath) { partialWidths[fullPath, default: []].append(width) }
    }

    /// The full-tile paths of the unfinished tile of every level and of the entry bundle.
    private func currentPartialPaths() -> Set<String> {
        let size = range.treeSize
        let width = UInt64(TilePath.width)
        var paths: Set<String> = [directory + "/" + TilePath.entryBundle(index: size / width)]
        for level in partialHashes.indices {
            let count = size >> UInt64(level * TilePath.height)
            paths.insert(directory + "/" + TilePath.hashTile(level: level, index: count / width))
        }
        return paths
    }

    private func writePartialFiles(atomically: Bool = false) throws(LedgerError) {
        let size = range.treeSize
        for level in dirtyLevels.sorted() {
            if level < 0 {
                guard !partialEntries.isEmpty else { continue }
                let path = TilePath.entryBundle(index: size / UInt64(TilePath.width))
                try writePartial(
                    fullPath: directory + "/" + path, width: partialEntries.count, EntryBundle.encode(partialEntries),
                    atomically: atomically)
            } else {
                let hashes = partialHashes[level]
                guard !hashes.isEmpty else { continue }
                let count = size >> UInt64(level * TilePath.height)
                let path = TilePath.hashTile(level: level, index: count / UInt64(TilePath.width))
                try writePartial(
                    fullPath: directory + "/" + path, width: hashes.count, hashes.flatMap(\.bytes),
                    atomically: atomically)
            }
        }
        dirtyLevels.removeAll()
    }

    /// Commits a batch: idempotent keys answered from the index, new entries journaled and synced,
    /// tiles written, one checkpoint signed and published. Results are in the batch's order.
    ///
    /// A batch that fails after its journal write may still be durable: a caller that retries
    /// with the same idempotency key gets the original index once the ledger is reopened.
    func commit(_ batch: [(key: [UInt8], entry: [UInt8])]) -> [Result<Appended, LedgerError>] {
        if let failed {
            return batch.map { _ in
                .failure(LedgerError(.closed, "the ledger stopped after an earlier failure: \(failed)"))
            }
        }
        var results: [Result<Appended, LedgerError>] = []
        results.reserveCapacity(batch.count)
        var records: [UInt8] = []
        var fresh: [(position: Int, leafHash: SHA256Digest)] = []
        var pending: [[UInt8]: Appended] = [:]
        for (position, item) in batch.enumerated() {
            let leafHash = hasher.leafHash(item.entry)
            if !item.key.isEmpty, let earlier = keys[item.key] ?? pending[item.key] {
                results.append(
                    earlier.leafHash == leafHash
                        ? .success(earlier)
                        : .failure(
                            LedgerError(
                                .idempotencyConflict,
                                "the idempotency key already names entry \(earlier.leafIndex), which is a different entry"
                            )))
                continue
            }
            let appended = Appended(leafIndex: range.treeSize + UInt64(fresh.count), leafHash: leafHash)
            if !item.key.isEmpty { pending[item.key] = appended }
            Journal.encode(key: item.key, entry: item.entry, into: &records, hasher: &recordHasher)
            fresh.append((position, leafHash))
            results.append(.success(appended))
        }
        guard !fresh.isEmpty else { return results }
        do throws(LedgerError) {
            guard let journal else { throw LedgerError(.closed, "the ledger is not open") }
            try journal.append(records)
            for (position, leafHash) in fresh {
                try apply(key: batch[position].key, entry: batch[position].entry, leafHash: leafHash, recovering: false)
            }
            try writePartialFiles()
            try signCheckpoint()
            publish()
        } catch {
            for (position, _) in fresh { results[position] = .failure(error) }
            failed = error
        }
        return results
    }

    /// Set when a commit failed part-way: the writer's state may be ahead of the disk, so it
    /// accepts nothing more until the ledger is reopened (which recovers from the journal).
    private(set) var failed: LedgerError?

    /// Signs a checkpoint of the current tree, after proving it consistent with the last one.
    private func signCheckpoint() throws(LedgerError) {
        let size = range.treeSize
        let root = range.rootHash(hasher: &hasher)
        if checkpoint.treeSize > 0 && !checkpointNote.isEmpty {
            if size == checkpoint.treeSize && root == checkpoint.rootHash { return }
            let snapshot = currentSnapshot(
                note: checkpointNote, checkpoint: Checkpoint(origin: signer.name, treeSize: size, rootHash: root))
            do {
                let proof = try ConsistencyProof.generate(oldSize: checkpoint.treeSize, treeSize: size) { id in
                    try reader.node(id, in: snapshot)
                }
                try proof.verify(oldRoot: checkpoint.rootHash, rootHash: root)
            } catch {
                throw LedgerError(
                    .checkpointInconsistent,
                    "refusing to sign size \(size): not consistent with the signed size \(checkpoint.treeSize) (\(error))"
                )
            }
        }
        let next = Checkpoint(origin: signer.name, treeSize: size, rootHash: root)
        let note = try next.signed(by: signer)
        // Not synced: the journal already is, and a lost checkpoint is signed again on open.
        try FileIO.replace(directory + "/checkpoint", with: Array(note.utf8), durable: false)
        checkpoint = next
        checkpointNote = note
    }

    private func currentSnapshot(note: String, checkpoint: Checkpoint) -> TileReader.Snapshot {
        if let partialTiles {
            return TileReader.Snapshot(
                checkpoint: checkpoint, checkpointNote: note, partialTiles: partialTiles, partialEntries: partialEntries
            )
        }
        var tiles: [HashTile?] = []
        for (level, hashes) in partialHashes.enumerated() {
            guard !hashes.isEmpty else {
                tiles.append(nil)
                continue
            }
            let count = range.treeSize >> UInt64(level * TilePath.height)
            tiles.append(
                HashTile(tileLevel: level, index: count / UInt64(TilePath.width), hashes: hashes, hasher: &hasher))
        }
        partialTiles = tiles
        return TileReader.Snapshot(
            checkpoint: checkpoint, checkpointNote: note, partialTiles: tiles, partialEntries: partialEntries)
    }

    private func publish() {
        reader.publish(currentSnapshot(note: checkpointNote, checkpoint: checkpoint))
    }
}
