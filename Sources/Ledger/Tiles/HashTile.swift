import Cryptography

/// One hash tile of the C2SP tlog-tiles layout: up to 256 consecutive hashes of one tree level,
/// concatenated, 32 bytes each.
///
/// Tile level `L` holds the nodes of tree level `8·L`; tile `N` holds nodes `256·N ..< 256·N + w`.
/// A tile of fewer than 256 hashes is partial (the tree's right edge). The tile's own subtree,
/// every node between its level and the level above, is derived on demand: ``node(level:index:)``.
public struct HashTile: Sendable, Hashable {
    /// The tile level.
    public let tileLevel: Int
    /// The tile's index within its level.
    public let index: UInt64
    /// The tile's hashes; `levels[0]` are the stored ones, `levels[k]` the nodes `k` tree levels
    /// above them, as far as they are complete.
    public let levels: [[SHA256Digest]]

    /// Makes a tile from its stored hashes, computing the nodes above them.
    /// Requires `1 <= hashes.count <= 256`.
    public init(tileLevel: Int, index: UInt64, hashes: [SHA256Digest], hasher: inout TreeHasher) {
        precondition((1...TilePath.width).contains(hashes.count), "a tile holds 1...256 hashes, not \(hashes.count)")
        self.tileLevel = tileLevel
        self.index = index
        var levels = [hashes]
        while levels[levels.count - 1].count > 1 {
            let below = levels[levels.count - 1]
            var above: [SHA256Digest] = []
            above.reserveCapacity(below.count / 2)
            var i = 0
            while i + 1 < below.count {
                above.append(hasher.nodeHash(below[i], below[i + 1]))
                i += 2
            }
            if above.isEmpty { break }
            levels.append(above)
        }
        self.levels = levels
    }

    /// Parses a tile file's bytes. Requires nothing of `bytes`.
    /// - Throws: `ledger.corrupt` unless it is 1...256 whole hashes.
    public init(tileLevel: Int, index: UInt64, bytes: [UInt8], hasher: inout TreeHasher) throws(LedgerError) {
        guard !bytes.isEmpty, bytes.count % 32 == 0, bytes.count / 32 <= TilePath.width else {
            throw LedgerError(
                .corrupt,
                "tile \(TilePath.hashTile(level: tileLevel, index: index)) has \(bytes.count) bytes, not 32 per hash")
        }
        let hashes = stride(from: 0, to: bytes.count, by: 32).map { SHA256Digest(bytes: bytes[$0..<$0 + 32])! }
        self.init(tileLevel: tileLevel, index: index, hashes: hashes, hasher: &hasher)
    }

    /// The number of stored hashes (the tile's width).
    public var width: Int { levels[0].count }

    /// The stored hashes, concatenated: the tile file's bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(width * 32)
        for hash in levels[0] { hash.withUnsafeBytes { out.append(contentsOf: $0) } }
        return out
    }

    /// The hash of tree node `(level, index)` if this tile holds it (computed above its stored
    /// hashes), else `nil`. Requires `level` within this tile's 8 tree levels.
    public func node(_ id: NodeID) -> SHA256Digest? {
        let offset = id.level - tileLevel * TilePath.height
        guard (0..<levels.count).contains(offset) else { return nil }
        let first = (index * UInt64(TilePath.width)) >> UInt64(offset)
        guard id.index >= first, id.index - first < UInt64(levels[offset].count) else { return nil }
        return levels[offset][Int(id.index - first)]
    }

    /// The tile that holds tree node `id`, and that node's position: tile level `id.level / 8`,
    /// index `(id.index << (id.level % 8)) / 256`.
    public static func locate(_ id: NodeID) -> (tileLevel: Int, index: UInt64) {
        let tileLevel = id.level / TilePath.height
        let offset = UInt64(id.level % TilePath.height)
        return (tileLevel, (id.index << offset) / UInt64(TilePath.width))
    }
}
