/// How a file-backed ledger is laid out and how it batches.
public struct LedgerConfiguration: Sendable {
    /// The ledger directory: `checkpoint`, `tile/…` (C2SP tlog-tiles) and the journal `.journal`.
    public var directory: String
    /// The signing key's PEM file (created with mode 0600 if missing).
    public var keyFile: String
    /// The verifier key file beside it.
    public var vkeyFile: String
    /// The origin (and key name) of a new ledger; an existing one keeps the name in its vkey.
    public var origin: String
    /// Most entries committed in one batch (one journal sync, one checkpoint).
    public var maxBatchEntries: Int
    /// How long a batch waits for more entries once the first arrives. Zero commits whatever
    /// arrived while the previous batch was being synced, which is already group commit.
    public var maxBatchDelay: Duration
    /// Most appends waiting to be committed; beyond it appends fail with `ledger.overloaded`.
    public var maxPendingAppends: Int
    /// Most full hash tiles kept in memory for proofs (about 16 KiB each; 4,096 covers a million
    /// entries, 64 MiB).
    public var tileCacheCapacity: Int

    /// A configuration for the ledger in `<dataDirectory>/ledger` with keys in `<dataDirectory>/keys`.
    public init(
        dataDirectory: String, origin: String = "maestro.local/ledger", maxBatchEntries: Int = 4096,
        maxBatchDelay: Duration = .zero, maxPendingAppends: Int = 100_000, tileCacheCapacity: Int = 4096
    ) {
        self.init(
            directory: dataDirectory + "/ledger", keyFile: LedgerKey.signingKeyPath(dataDirectory: dataDirectory),
            vkeyFile: LedgerKey.verifierKeyPath(dataDirectory: dataDirectory), origin: origin,
            maxBatchEntries: maxBatchEntries, maxBatchDelay: maxBatchDelay, maxPendingAppends: maxPendingAppends,
            tileCacheCapacity: tileCacheCapacity)
    }

    /// A configuration with every path given. Requires positive limits.
    public init(
        directory: String, keyFile: String, vkeyFile: String, origin: String, maxBatchEntries: Int = 4096,
        maxBatchDelay: Duration = .zero, maxPendingAppends: Int = 100_000, tileCacheCapacity: Int = 4096
    ) {
        precondition(
            maxBatchEntries > 0 && maxPendingAppends > 0 && tileCacheCapacity > 0, "ledger limits are positive")
        self.directory = directory
        self.keyFile = keyFile
        self.vkeyFile = vkeyFile
        self.origin = origin
        self.maxBatchEntries = maxBatchEntries
        self.maxBatchDelay = maxBatchDelay
        self.maxPendingAppends = maxPendingAppends
        self.tileCacheCapacity = tileCacheCapacity
    }
}
