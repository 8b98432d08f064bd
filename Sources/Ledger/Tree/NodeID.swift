/// A node of the Merkle tree that is the root of a perfect subtree: `level` 0 is a leaf, and the
/// node at `(level, index)` covers leaves `index·2^level ..< (index+1)·2^level`.
///
/// Only perfect subtrees have stored hashes; the tree's right border, where subtrees are not yet
/// full, is always recomputed from them (RFC 9162 §2.1.1 defines the tree that way).
public struct NodeID: Hashable, Sendable, CustomStringConvertible {
    /// The height above the leaves; 0 for a leaf. Requires `level < 64`.
    public var level: Int
    /// The node's position among the nodes of its level, from the left.
    public var index: UInt64

    /// Makes a node ID.
    /// - Parameters:
    ///   - level: Requires `0 <= level < 64`.
    ///   - index: Requires `index < 2^(64-level)`.
    public init(level: Int, index: UInt64) {
        precondition((0..<64).contains(level), "a node level is in 0..<64, not \(level)")
        self.level = level
        self.index = index
    }

    /// The first leaf the node covers.
    public var firstLeaf: UInt64 { index << UInt64(level) }
    /// One past the last leaf the node covers.
    public var endLeaf: UInt64 { (index + 1) << UInt64(level) }

    public var description: String { "(\(level), \(index))" }
}
