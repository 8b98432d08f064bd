/// Attribute names mapped to values: a record value, an entity's attributes, a request's context.
///
/// Keys compare by exact code points, as Cedar's do. Lookups are the hot path of evaluation, so
/// each key carries a cheap FNV-1a hash (computed once; for names written in policies, at
/// compile time): a lookup scans a few stored hashes, or probes a small open-addressed table for
/// larger records, and compares bytes only on a hash match.
public struct Record: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// Above this many keys, lookups probe a table instead of scanning.
    static let scanLimit = 8

    /// One member with its key's hash; kept in one array for locality.
    struct Member: Sendable {
        var hash: UInt32
        var key: String
        var value: Value
    }

    private var members: [Member] = []
    /// Open-addressed slots holding `position + 1` (0 = empty), for records above `scanLimit`.
    private var slots: [Int32] = []

    /// An empty record.
    public init() {}

    /// A record of the given members; a later duplicate key replaces an earlier one.
    public init(_ members: some Sequence<(String, Value)>) {
        for (key, value) in members { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements)
    }

    /// The number of members.
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    /// The keys, in insertion order.
    public var keys: [String] { members.map(\.key) }
    /// The values, in insertion order.
    public var values: [Value] { members.map(\.value) }

    /// The value of `key`, if present.
    public subscript(key: String) -> Value? {
        get { value(for: key, hash: Record.hash(key)) }
        set {
            let hash = Record.hash(key)
            if let position = position(of: key, hash: hash) {
                if let newValue {
                    members[position].value = newValue
                } else {
                    members.remove(at: position)
                    if members.count > Record.scanLimit { rebuildSlots() } else { slots = [] }
                }
            } else if let newValue {
                members.append(Member(hash: hash, key: key, value: newValue))
                if members.count > Record.scanLimit { rebuildSlots() }
            }
        }
    }

    /// The value of `key` given its precomputed ``hash(_:)``.
    @inline(__always)
    func value(for key: String, hash: UInt32) -> Value? {
        members.withUnsafeBufferPointer { buffer in
            if slots.isEmpty {
                for member in buffer where member.hash == hash && exactlyEqual(member.key, key) { return member.value }
                return nil
            }
            guard let position = probe(buffer, key, hash) else { return nil }
            return buffer[position].value
        }
    }

    /// Whether `key` (with its precomputed ``hash(_:)``) is present, without copying its value.
    @inline(__always)
    func contains(_ key: String, hash: UInt32) -> Bool {
        position(of: key, hash: hash) != nil
    }

    private func position(of key: String, hash: UInt32) -> Int? {
        members.withUnsafeBufferPointer { buffer in
            if slots.isEmpty {
                return buffer.firstIndex { $0.hash == hash && exactlyEqual($0.key, key) }
            }
            return probe(buffer, key, hash)
        }
    }

    @inline(__always)
    private func probe(_ buffer: UnsafeBufferPointer<Member>, _ key: String, _ hash: UInt32) -> Int? {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while slots[slot] != 0 {
            let position = Int(slots[slot]) - 1
            if buffer[position].hash == hash && exactlyEqual(buffer[position].key, key) { return position }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private mutating func rebuildSlots() {
        var size = 16
        while size < members.count * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        for (position, member) in members.enumerated() {
            var slot = Int(member.hash) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(position + 1)
        }
    }

    /// FNV-1a over the key's UTF-8 bytes: cheap for the short names attributes have.
    @inline(__always)
    static func hash(_ key: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        let done: Void? = key.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        }
        if done == nil {
            for byte in key.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        }
        return hash
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: Value)> {
        members.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    public static func == (a: Record, b: Record) -> Bool {
        guard a.count == b.count else { return false }
        for member in a.members {
            guard let other = b.value(for: member.key, hash: member.hash), other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        // Order-independent: the members' own hashes combined commutatively.
        var mixed = 0
        for member in members {
            var inner = Hasher()
            hashExactly(member.key, into: &inner)
            inner.combine(member.value)
            mixed ^= inner.finalize()
        }
        hasher.combine(mixed)
    }

    public var description: String {
        let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        return "{" + sorted.map { "\(quoted($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
    }
}
