import Cryptography
import Dispatch
import Foundation
import Synchronization

/// A Merkle ledger in a directory, in the C2SP tlog-tiles layout, with one sequencer thread that
/// commits appends in batches (group commit).
///
/// Durability contract: when ``append(_:idempotencyKey:)`` returns an index, the entry is synced
/// to the journal, written to its tiles and covered by a signed checkpoint on disk; a crash at
/// any moment loses no acknowledged entry, and every checkpoint the ledger signs is consistent
/// with every earlier one. Appends, proofs and reads are safe from any thread; appends never block
/// Swift's concurrency pool (the sequencer thread does the file I/O and syncs), while proofs and
/// reads may read tiles from disk and belong off the pool in servers.
public final class FileLedger: Sendable {
    /// The result of an append.
    public struct Appended: Sendable, Hashable {
        /// The entry's position in the log, from 0.
        public var leafIndex: UInt64
        /// `SHA-256(0x00 ‖ entry)`.
        public var leafHash: SHA256Digest
    }

    private struct Pending {
        var key: [UInt8]
        var entry: [UInt8]
        /// Why the append is refused before it reaches the writer; reported in queue order so
        /// callers see results in the order they submitted.
        var refusal: LedgerError?
        var done: @Sendable (Result<Appended, LedgerError>) -> Void
    }

    private struct Queue {
        var pending: [Pending] = []
        var isClosed = false
    }

    private let configuration: LedgerConfiguration
    private let reader: TileReader
    /// The log's verifier key (`name+id+key`) and its parsed form.
    public let verifier: NoteVerifier
    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    // SAFETY: the writer is used only by the sequencer thread once `init` has returned.
    nonisolated(unsafe) private let writer: LedgerWriter
    /// Bytes of torn journal tail cut off when the ledger was opened (0 after a clean stop).
    public let discardedBytes: UInt64

    /// Opens the ledger, creating it and its key if needed, and recovers from a crash.
    /// Blocks on file I/O: call it before serving, or off the concurrency pool.
    /// - Throws: `ledger.checkpoint_inconsistent`, `ledger.corrupt`, `ledger.io_failed`,
    ///   `ledger.key_unusable`.
    public init(configuration: LedgerConfiguration) throws(LedgerError) {
        self.configuration = configuration
        let writer = try LedgerWriter(configuration: configuration)
        self.writer = writer
        reader = writer.tileReader
        verifier = writer.verifier
        discardedBytes = writer.discardedBytes
        let thread = Thread { [self] in runSequencer() }
        thread.name = "maestro-ledger"
        thread.start()
    }

    /// Appends an entry and returns once it is durable and in a signed checkpoint.
    /// - Parameters:
    ///   - entry: At most 65,535 bytes.
    ///   - idempotencyKey: When not empty, an append with a key the ledger has seen returns the
    ///     first append's result instead of adding the entry again. At most 1,024 bytes.
    /// - Throws: `ledger.entry_too_large`; `ledger.idempotency_conflict` when the key names a
    ///   different entry; `ledger.overloaded`; `ledger.closed`; `ledger.io_failed`.
    public func append(_ entry: [UInt8], idempotencyKey: String = "") async throws(LedgerError) -> Appended {
        let result = await withCheckedContinuation { continuation in
            submit(entry, idempotencyKey: idempotencyKey) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Queues an append and calls `done` on the sequencer thread when it is durable (or failed).
    /// For callers that are not async, such as a line-by-line importer.
    public func submit(
        _ entry: [UInt8], idempotencyKey: String = "", done: @escaping @Sendable (Result<Appended, LedgerError>) -> Void
    ) {
        let key = Array(idempotencyKey.utf8)
        var invalid: LedgerError?
        if entry.count > EntryBundle.maxEntryBytes {
            invalid = LedgerError(
                .entryTooLarge,
                "an entry has at most \(EntryBundle.maxEntryBytes) bytes, not \(entry.count); "
                    + "store the payload beside the ledger and append its digest")
        } else if key.count > Journal.maxKeyBytes {
            invalid = LedgerError(
                .entryTooLarge, "an idempotency key has at most \(Journal.maxKeyBytes) bytes, not \(key.count)")
        }
        let refusal: LedgerError? = queue.withLock { queue in
            if queue.isClosed { return LedgerError(.closed, "the ledger is closed") }
            if queue.pending.count >= configuration.maxPendingAppends {
                return LedgerError(.overloaded, "\(queue.pending.count) appends are already waiting; retry later")
            }
            queue.pending.append(
                Pending(key: key, entry: invalid == nil ? entry : [], refusal: invalid, done: done))
            return nil
        }
        if let refusal { return done(.failure(refusal)) }
        wake.signal()
    }

    private func runSequencer() {
        while true {
            wake.wait()
            if configuration.maxBatchDelay > .zero {
                let waiting = queue.withLock { $0.pending.count }
                if waiting < configuration.maxBatchEntries {
                    let (seconds, attoseconds) = configuration.maxBatchDelay.components
                    Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
                }
            }
            let (batch, closing) = queue.withLock { queue -> ([Pending], Bool) in
                let count = min(queue.pending.count, configuration.maxBatchEntries)
                let batch = Array(queue.pending.prefix(count))
                queue.pending.removeFirst(count)
                return (batch, queue.isClosed && queue.pending.isEmpty)
            }
            if !batch.isEmpty {
                let valid = batch.filter { $0.refusal == nil }
                var results = writer.commit(valid.map { ($0.key, $0.entry) }).makeIterator()
                for pending in batch {
                    if let refusal = pending.refusal {
                        pending.done(.failure(refusal))
                    } else {
                        pending.done(results.next()!.map { Appended(leafIndex: $0.leafIndex, leafHash: $0.leafHash) })
                    }
                }
                // More may have arrived than one batch takes: go round again without waiting.
                if queue.withLock({ !$0.pending.isEmpty }) { wake.signal() }
            }
            if closing {
                stopped.signal()
                return
            }
        }
    }

    /// Stops accepting appends, commits those already queued, and waits for the sequencer to stop.
    /// Blocks: call it off the concurrency pool.
    public func close() {
        let first = queue.withLock { queue -> Bool in
            defer { queue.isClosed = true }
            return !queue.isClosed
        }
        guard first else { return }
        wake.signal()
        stopped.wait()
        writer.releaseLock()
    }

    // MARK: Reading and proving

    /// The latest signed checkpoint and its note text.
    public var checkpoint: (checkpoint: Checkpoint, note: String) {
        let snapshot = reader.snapshot
        return (snapshot.checkpoint, snapshot.checkpointNote)
    }

    /// The entry at `leafIndex`.
    /// - Throws: `ledger.leaf_index_out_of_range`; `ledger.corrupt`, `ledger.io_failed`.
    public func entry(at leafIndex: UInt64) throws(LedgerError) -> [UInt8] {
        let snapshot = reader.snapshot
        guard leafIndex < snapshot.treeSize else {
            throw LedgerError(
                .leafIndexOutOfRange, "leaf index \(leafIndex) is not below tree size \(snapshot.treeSize)")
        }
        return try reader.entry(at: leafIndex, in: snapshot)
    }

    /// An inclusion proof for `leafIndex` in the tree of `treeSize` leaves (default: the latest
    /// checkpoint's), with that tree's checkpoint when it is the latest.
    /// - Throws: `ledger.leaf_index_out_of_range`; `ledger.tree_size_invalid` for a size above the
    ///   latest checkpoint's; `ledger.corrupt`, `ledger.io_failed`.
    public func inclusionProof(leafIndex: UInt64, treeSize: UInt64? = nil) throws(LedgerError) -> InclusionProof {
        let snapshot = reader.snapshot
        let size = try checkedSize(treeSize, snapshot)
        return try TiledLogReader.rethrow {
            try InclusionProof.generate(leafIndex: leafIndex, treeSize: size) { try reader.node($0, in: snapshot) }
        }
    }

    /// A consistency proof from `oldSize` to `treeSize` (default: the latest checkpoint's).
    /// - Throws: `ledger.tree_size_invalid`; `ledger.corrupt`, `ledger.io_failed`.
    public func consistencyProof(oldSize: UInt64, treeSize: UInt64? = nil) throws(LedgerError) -> ConsistencyProof {
        let snapshot = reader.snapshot
        let size = try checkedSize(treeSize, snapshot)
        return try TiledLogReader.rethrow {
            try ConsistencyProof.generate(oldSize: oldSize, treeSize: size) { try reader.node($0, in: snapshot) }
        }
    }

    /// The root hash of the first `treeSize` leaves. Requires nothing; sizes above the latest
    /// checkpoint's are refused.
    public func rootHash(treeSize: UInt64) throws(LedgerError) -> SHA256Digest {
        let snapshot = reader.snapshot
        let size = try checkedSize(treeSize, snapshot)
        return try MerkleTree.rootHash(treeSize: size) { (id) throws(LedgerError) in try reader.node(id, in: snapshot) }
    }

    private func checkedSize(_ treeSize: UInt64?, _ snapshot: TileReader.Snapshot) throws(LedgerError) -> UInt64 {
        let size = treeSize ?? snapshot.treeSize
        guard size <= snapshot.treeSize else {
            throw LedgerError(
                .treeSizeInvalid, "tree size \(size) is above the latest checkpoint's \(snapshot.treeSize)")
        }
        return size
    }
}
