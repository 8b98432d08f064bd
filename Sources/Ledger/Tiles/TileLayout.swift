import Cryptography

/// The hash tiles and entry bundles a tree of a given size is published as, computed from a whole
/// tree in memory. Verifiers compare what they find on disk with this.
public enum TileLayout {
    /// One file of the layout: its path and bytes.
    public struct File: Hashable, Sendable {
        /// The path relative to the log root, such as `tile/0/x001/234.p/7`.
        public var path: String
        /// The file's exact bytes.
        public var bytes: [UInt8]
    }

    /// Every hash tile of the first `treeSize` leaves of `tree` (full tiles, then the partial
    /// right edge of each tile level). Requires `treeSize <= tree.treeSize`.
    public static func hashTiles(of tree: InMemoryTree, treeSize: UInt64) -> [File] {
        precondition(treeSize <= tree.treeSize, "tree size \(treeSize) is above \(tree.treeSize)")
        var files: [File] = []
        var tileLevel = 0
        while true {
            let level = tileLevel * TilePath.height
            let count = level < 64 ? treeSize >> UInt64(level) : 0
            guard count > 0 else { break }
            let width = UInt64(TilePath.width)
            for index in 0...(count - 1) / width {
                let first = Int(index * width)
                let end = Int(min(count, (index + 1) * width))
                var bytes: [UInt8] = []
                bytes.reserveCapacity((end - first) * 32)
                for hash in tree.levels[level][first..<end] { hash.withUnsafeBytes { bytes.append(contentsOf: $0) } }
                files.append(
                    File(path: TilePath.hashTile(level: tileLevel, index: index, width: end - first), bytes: bytes))
            }
            tileLevel += 1
        }
        return files
    }
}
