import Cryptography

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The ledger's write-ahead journal: every entry, in index order, with its idempotency key. It is
/// the one file synced before an append is acknowledged; tiles and bundles are derived from it
/// and rebuilt from it after a crash.
///
/// Layout: the header line `maestro ledger journal v1\n`, then records
/// `u32 length ‖ u16 keyLength ‖ key ‖ entry ‖ check`, where `length` counts the bytes from
/// `keyLength` to the end of `entry` and `check` is the first 8 bytes of SHA-256 over everything
/// before it in the record. A record that is short or fails its check ends the journal: it is the
/// torn tail of a write that was never acknowledged, and is cut off on open.
final class Journal {
    static let header = Array("maestro ledger journal v1\n".utf8)
    /// The largest record body: a 65,535-byte entry and a 1,024-byte key.
    static let maxKeyBytes = 1024
    static let maxBodyBytes = 2 + maxKeyBytes + EntryBundle.maxEntryBytes

    struct Record {
        var key: [UInt8]
        var entry: [UInt8]
    }

    let path: String
    private let fd: Int32
    /// Where the next record goes: the end of the last whole record.
    private(set) var end: UInt64
    /// How many bytes of torn tail were cut off when the journal was opened.
    let discardedBytes: UInt64

    /// Opens (or creates) the journal, calls `record` for each whole record in order, and cuts off
    /// a torn tail. Returns the journal ready to append, and how many bytes were cut.
    static func open(
        path: String, record: (Record) throws(LedgerError) -> Void
    ) throws(LedgerError) -> Journal {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileIO.failure("open", path) }
        do throws(LedgerError) {
            var reader = Reader(fd: fd, path: path)
            let head = try reader.take(header.count)
            if head == nil || !head!.elementsEqual(header) {
                guard reader.offset == 0 || head == nil else {
                    throw LedgerError(.corrupt, "`\(path)` is not a ledger journal")
                }
                // New (or torn while being created): start it.
                try FileIO.write(fd, header, at: 0, path: path)
                guard ftruncate(fd, off_t(header.count)) == 0, fsync(fd) == 0 else {
                    throw FileIO.failure("create", path)
                }
                return Journal(path: path, fd: fd, end: UInt64(header.count), discardedBytes: 0)
            }
            var end = UInt64(header.count)
            while let next = try reader.nextRecord() {
                try record(next)
                end = reader.offset
            }
            let size = UInt64(lseek(fd, 0, SEEK_END))
            if size > end {
                guard ftruncate(fd, off_t(end)) == 0, fsync(fd) == 0 else { throw FileIO.failure("truncate", path) }
            }
            return Journal(path: path, fd: fd, end: end, discardedBytes: size - end)
        } catch {
            close(fd)
            throw error
        }
    }

    private init(path: String, fd: Int32, end: UInt64, discardedBytes: UInt64) {
        self.path = path
        self.fd = fd
        self.end = end
        self.discardedBytes = discardedBytes
    }

    deinit { close(fd) }

    /// The bytes of one record.
    static func encode(key: [UInt8], entry: [UInt8], into out: inout [UInt8], hasher: inout SHA256) {
        let start = out.count
        let length = UInt32(2 + key.count + entry.count)
        out.append(contentsOf: [
            UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff),
        ])
        out.append(contentsOf: [UInt8(key.count >> 8), UInt8(key.count & 0xff)])
        out.append(contentsOf: key)
        out.append(contentsOf: entry)
        hasher.update(out[start...])
        out.append(contentsOf: hasher.finalize().bytes.prefix(8))
    }

    /// Appends encoded records and waits until they are on disk (`fdatasync`).
    func append(_ records: [UInt8]) throws(LedgerError) {
        try FileIO.write(fd, records, at: end, path: path)
        guard fdatasync(fd) == 0 else { throw FileIO.failure("sync", path) }
        end += UInt64(records.count)
    }

    /// Reads records through a bounded buffer, so a long journal is never held whole.
    private struct Reader: ~Copyable {
        let fd: Int32
        let path: String
        var buffer: [UInt8] = []
        var start = 0
        /// File offset of `buffer[start]`.
        var offset: UInt64 = 0
        var atEnd = false
        var hasher = SHA256()

        init(fd: Int32, path: String) {
            self.fd = fd
            self.path = path
        }

        /// The next `count` bytes, or `nil` at the end of the file.
        mutating func take(_ count: Int) throws(LedgerError) -> ArraySlice<UInt8>? {
            while buffer.count - start < count && !atEnd {
                if start > 0 {
                    buffer.removeFirst(start)
                    start = 0
                }
                var chunk = [UInt8](repeating: 0, count: max(1 << 20, count))
                let read = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if read < 0 && errno == EINTR { continue }
                guard read >= 0 else { throw FileIO.failure("read", path) }
                if read == 0 { atEnd = true } else { buffer.append(contentsOf: chunk[0..<read]) }
            }
            guard buffer.count - start >= count else { return nil }
            defer {
                start += count
                offset += UInt64(count)
            }
            return buffer[start..<start + count]
        }

        /// The next whole, checked record, or `nil` where the whole records end.
        mutating func nextRecord() throws(LedgerError) -> Record? {
            guard let lengthBytes = try take(4) else { return nil }
            let length = lengthBytes.reduce(0) { $0 << 8 | Int($1) }
            guard (2...maxBodyBytes).contains(length), let body = try take(length), let check = try take(8) else {
                return nil
            }
            hasher.update(lengthBytes)
            hasher.update(body)
            guard hasher.finalize().bytes.prefix(8).elementsEqual(check) else { return nil }
            let keyLength = Int(body[body.startIndex]) << 8 | Int(body[body.startIndex + 1])
            guard keyLength <= maxKeyBytes, 2 + keyLength <= length else { return nil }
            let keyStart = body.startIndex + 2
            return Record(
                key: Array(body[keyStart..<keyStart + keyLength]), entry: Array(body[(keyStart + keyLength)...]))
        }
    }
}
