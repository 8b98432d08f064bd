/// An entry bundle of the C2SP tlog-tiles layout: up to 256 consecutive entries, each written as a
/// big-endian 16-bit length and then its bytes.
public enum EntryBundle {
    /// The longest entry a bundle can hold: 65,535 bytes.
    public static let maxEntryBytes = Int(UInt16.max)

    /// The bundle file's bytes for `entries`. Requires each entry to have at most 65,535 bytes.
    public static func encode(_ entries: some Sequence<[UInt8]>) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries { append(entry, to: &out) }
        return out
    }

    /// Appends one entry's framing and bytes. Requires at most 65,535 bytes.
    public static func append(_ entry: some Collection<UInt8>, to out: inout [UInt8]) {
        precondition(entry.count <= maxEntryBytes, "an entry has at most \(maxEntryBytes) bytes")
        out.append(UInt8(entry.count >> 8))
        out.append(UInt8(entry.count & 0xff))
        out.append(contentsOf: entry)
    }

    /// The entries in a bundle file.
    /// - Throws: `ledger.corrupt` when a length runs past the end, or there are more than 256.
    public static func decode(_ bytes: [UInt8], path: String) throws(LedgerError) -> [[UInt8]] {
        var entries: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 2 <= bytes.count else {
                throw LedgerError(.corrupt, "entry bundle `\(path)` ends inside a length")
            }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            offset += 2
            guard offset + length <= bytes.count else {
                throw LedgerError(.corrupt, "entry bundle `\(path)` ends inside entry \(entries.count)")
            }
            entries.append(Array(bytes[offset..<offset + length]))
            offset += length
            guard entries.count <= TilePath.width else {
                throw LedgerError(.corrupt, "entry bundle `\(path)` holds more than \(TilePath.width) entries")
            }
        }
        return entries
    }
}
