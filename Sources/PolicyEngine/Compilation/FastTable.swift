/// Keys with a cheap, deterministic hash (FNV-1a over their bytes) and exact equality.
///
/// Swift's `Hasher` (SipHash) protects tables fed by untrusted keys against flooding; these
/// tables are built from the policy set only and merely probed with request values, so a cheaper
/// hash is safe here and is most of the cost of a lookup.
protocol FastHashable: Equatable {
    var fastHash: UInt32 { get }
}

extension EntityUID: FastHashable {
    var fastHash: UInt32 { Record.hash(type) &* 31 ^ Record.hash(id) }
}

extension Value: FastHashable {
    var fastHash: UInt32 {
        switch self {
        case .bool(let flag): return flag ? 1 : 2
        case .long(let number): return UInt32(truncatingIfNeeded: number ^ (number >> 32)) &* 0x9E37_79B1
        case .string(let text): return Record.hash(text)
        case .entity(let uid): return uid.fastHash
        case .set, .record: return UInt32(truncatingIfNeeded: hashValue)
        }
    }
}

/// An immutable open-addressed table from `Key` to `Element`, built once.
struct FastTable<Key: FastHashable & Sendable, Element: Sendable>: Sendable {
    private let keys: [Key]
    private let elements: [Element]
    private let hashes: [UInt32]
    /// `position + 1`, or 0 for an empty slot; the size is a power of two at least twice the count.
    private let slots: [Int32]

    init(_ pairs: [(Key, Element)]) {
        keys = pairs.map(\.0)
        elements = pairs.map(\.1)
        hashes = keys.map(\.fastHash)
        var size = 4
        while size < pairs.count * 2 { size <<= 1 }
        var slots = [Int32](repeating: 0, count: size)
        for (position, hash) in hashes.enumerated() {
            var slot = Int(hash) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(position + 1)
        }
        self.slots = slots
    }

    /// The element for `key`; `hash` must be `key.fastHash`.
    @inline(__always)
    func lookup(_ key: Key, hash: UInt32) -> Element? {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if hashes[entry - 1] == hash && keys[entry - 1] == key { return elements[entry - 1] }
            slot = (slot + 1) & mask
        }
    }

    /// The element for `key`.
    @inline(__always)
    subscript(key: Key) -> Element? { lookup(key, hash: key.fastHash) }

    var isEmpty: Bool { keys.isEmpty }
}
