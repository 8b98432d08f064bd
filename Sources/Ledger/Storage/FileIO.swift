import Cryptography

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The few POSIX file operations the file-backed ledger needs, with errors as `ledger.io_failed`
/// naming the path and the system's reason. All of them block: callers run them off Swift's pool.
enum FileIO {
    static func failure(_ what: String, _ path: String) -> LedgerError {
        LedgerError(.ioFailed, "cannot \(what) `\(path)`: \(String(cString: strerror(errno)))")
    }

    /// The file's bytes, or `nil` if it does not exist.
    static func read(_ path: String) throws(LedgerError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw failure("open", path)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("read", path) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes all of `bytes` at `offset`.
    static func write(_ fd: Int32, _ bytes: [UInt8], at offset: UInt64, path: String) throws(LedgerError) {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes {
                pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(offset) + off_t(done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure("write", path) }
            done += count
        }
    }

    /// Replaces `path` with `bytes` atomically: a reader sees the old file or the new one, never a
    /// mix. With `durable`, the data reaches the disk before the rename.
    static func replace(_ path: String, with bytes: [UInt8], durable: Bool) throws(LedgerError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create", temporary) }
        do throws(LedgerError) {
            try write(fd, bytes, at: 0, path: temporary)
            if durable && fdatasync(fd) != 0 { throw failure("sync", temporary) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw failure("rename into place", path) }
    }

    /// Writes `bytes` to `path` in place (no temporary file). For files no reader can know to ask
    /// for yet: a tile named after a tree size that no published checkpoint has reached.
    static func writeInPlace(_ path: String, _ bytes: [UInt8]) throws(LedgerError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create", path) }
        defer { close(fd) }
        try write(fd, bytes, at: 0, path: path)
    }

    /// Writes a file that is written once and never changes (a full tile), creating directories.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(LedgerError) {
        try makeDirectories(parentOf: path)
        try replace(path, with: bytes, durable: false)
    }

    /// Creates every missing directory above `path`.
    static func makeDirectories(parentOf path: String) throws(LedgerError) {
        guard let slash = path.lastIndex(of: "/") else { return }
        try makeDirectories(String(path[..<slash]))
    }

    /// Creates `directory` and every missing one above it.
    static func makeDirectories(_ directory: String) throws(LedgerError) {
        guard !directory.isEmpty else { return }
        if mkdir(directory, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw failure("create directory", directory) }
        try makeDirectories(parentOf: directory)
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { throw failure("create directory", directory) }
    }

    /// Removes a file if it exists.
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}

extension FileIO {
    /// ``makeDirectories(parentOf:)`` with the error a key operation reports.
    static func makeDirectoriesForKey(parentOf path: String) throws(CryptographyError) {
        do throws(LedgerError) {
            try makeDirectories(parentOf: path)
        } catch {
            throw CryptographyError(.keyFileUnwritable, error.message)
        }
    }
}
