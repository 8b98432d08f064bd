extension LedgerError.Code {
    /// A proof does not lead from the leaf (or the old root) to the expected root.
    public static let proofInvalid = Self("ledger.proof_invalid")
    /// A leaf index is not below the tree size it is proved against.
    public static let leafIndexOutOfRange = Self("ledger.leaf_index_out_of_range")
    /// Tree sizes that cannot be proved: consistency from size 0, or an old size above the new one.
    public static let treeSizeInvalid = Self("ledger.tree_size_invalid")
    /// A hash that is not exactly 32 bytes.
    public static let hashLengthInvalid = Self("ledger.hash_length_invalid")
    /// An entry longer than 65,535 bytes (the tlog-tiles entry-bundle limit); store the payload beside the ledger and append its digest.
    public static let entryTooLarge = Self("ledger.entry_too_large")
    /// An idempotency key already names a different entry.
    public static let idempotencyConflict = Self("ledger.idempotency_conflict")
    /// Reading or writing the ledger's files failed; the message names the file and the system error.
    public static let ioFailed = Self("ledger.io_failed")
    /// The ledger's files disagree with each other or with their hashes (a tile, an entry bundle, the journal).
    public static let corrupt = Self("ledger.corrupt")
    /// A checkpoint would not be consistent with the last one the ledger signed; the ledger refuses to sign it.
    public static let checkpointInconsistent = Self("ledger.checkpoint_inconsistent")
    /// The ledger is closed, or failed earlier and accepts no more appends.
    public static let closed = Self("ledger.closed")
    /// The ledger's signing key cannot be created, read or used.
    public static let keyUnusable = Self("ledger.key_unusable")
    /// Another process holds the ledger's writer lock (a ledger has exactly one writer).
    public static let locked = Self("ledger.locked")
    /// Too many appends are waiting; retry later.
    public static let overloaded = Self("ledger.overloaded")
}
