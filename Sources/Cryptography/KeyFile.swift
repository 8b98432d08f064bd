#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and creates small secret files (keys) with POSIX calls.
///
/// These calls block, `fsync` included: callers on the cooperative pool go through the
/// `BlockingExecutor`.
enum KeyFile {
    /// The largest key file read; a PEM Ed25519 key takes about 120 bytes.
    static let maximumByteCount = 64 * 1024

    /// Reads a whole file of at most ``maximumByteCount`` bytes.
    ///
    /// - Throws: `cryptography.key_file_unreadable` if it cannot be opened or read, or is too large.
    static func contents(ofFile path: String) throws(CryptographyError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CryptographyError(.keyFileUnreadable, "cannot open key file `\(path)`: \(errorText())")
        }
        defer { close(descriptor) }
        var contents = [UInt8](repeating: 0, count: maximumByteCount + 1)
        var filled = 0
        while filled < contents.count {
            let count = contents.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = errorText()
                LibCrypto.cleanse(&contents)
                throw CryptographyError(.keyFileUnreadable, "cannot read key file `\(path)`: \(reason)")
            }
            filled += count
        }
        guard filled <= maximumByteCount else {
            LibCrypto.cleanse(&contents)
            throw CryptographyError(
                .keyFileUnreadable, "key file `\(path)` is larger than \(maximumByteCount) bytes, too large for a key")
        }
        // Shrinking in place keeps the single buffer, which the caller cleanses after parsing.
        contents.removeSubrange(filled...)
        return contents
    }

    /// Creates a file holding `contents`, readable and writable by the owner only (mode 0600),
    /// atomically and without ever replacing an existing file.
    ///
    /// The bytes go to a temporary file in the same directory, which is synced and then hard-linked
    /// to `path`; `link(2)` fails if `path` exists, so the check and the creation are one step,
    /// and a reader never sees a partly written key. The directory is synced last so that the new
    /// name survives a crash.
    ///
    /// - Throws: `cryptography.key_file_exists` if `path` exists; `cryptography.key_file_unwritable`
    ///   if the temporary file cannot be created, written or synced, or the link fails otherwise.
    static func createNew(path: String, contents: [UInt8]) throws(CryptographyError) {
        let (directory, name) = split(path)
        guard !name.isEmpty else {
            throw CryptographyError(.keyFileUnwritable, "key file path `\(path)` names a directory")
        }
        var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CryptographyError(
                .keyFileUnwritable, "cannot create a temporary file in `\(directory)`: \(errorText())")
        }
        let temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(temporaryPath) }

        // mkstemp already creates files with mode 0600; setting it again keeps it off the umask and the libc.
        var failure = fchmod(descriptor, 0o600) == 0 ? nil : "cannot set its mode: \(errorText())"
        if failure == nil { failure = writeAll(contents, to: descriptor) }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot sync it: \(errorText())" }
        if close(descriptor) != 0, failure == nil { failure = "cannot close it: \(errorText())" }
        if let failure {
            throw CryptographyError(.keyFileUnwritable, "cannot write key file `\(path)`: \(failure)")
        }

        guard link(temporaryPath, path) == 0 else {
            if errno == EEXIST {
                throw CryptographyError(.keyFileExists, "key file `\(path)` already exists")
            }
            throw CryptographyError(.keyFileUnwritable, "cannot create key file `\(path)`: \(errorText())")
        }
        syncDirectory(directory)
    }

    /// Writes every byte, retrying short writes and interruptions; returns a reason on failure.
    private static func writeAll(_ contents: [UInt8], to descriptor: Int32) -> String? {
        contents.withUnsafeBytes { buffer -> String? in
            var written = 0
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errorText()
                }
                written += count
            }
            return nil
        }
    }

    /// Syncs a directory so that a new entry in it is durable.
    ///
    /// Best effort: by now the key is complete and synced under its final name, and some file
    /// systems refuse to sync directories; reporting failure would only make a retry meet
    /// `key_file_exists`.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Splits a path into its directory (`.` when there is none) and its last component.
    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, String(path[path.index(after: slash)...]))
    }

    /// The text of the current `errno`.
    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
