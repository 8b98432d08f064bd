import Cryptography
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An append-only file of records with group commit: `append` returns once the record is on disk
/// (`fdatasync`), and records that arrive while a sync runs share the next one.
///
/// Layout: the header line `maestro journal v1\n`, then records `u32 length ‖ bytes ‖ check`,
/// where `check` is the first 8 bytes of SHA-256 over length and bytes. On open, records are
/// replayed in order and a short or failing record — the torn tail of an unacknowledged write —
/// is cut off. Syncs run on the journal's own thread, never on Swift's pool.
public final class RecordJournal: Sendable {
    static let header = Array("maestro journal v1\n".utf8)
    /// The largest record: 16 MiB.
    public static let maxRecordBytes = 16 << 20

    private struct Pending {
        var bytes: [UInt8]
        var done: @Sendable (Result<Void, WorkflowError>) -> Void
    }

    private struct State {
        var pending: [Pending] = []
        var closed = false
    }

    public let path: String
    private let fd: Int32
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    // SAFETY: `end` is read and written only by the writer thread after `init`.
    nonisolated(unsafe) private var end: UInt64
    /// Bytes of torn tail cut off when the journal was opened.
    public let discardedBytes: UInt64

    /// Opens (or creates) the journal at `path` and calls `replay` with every whole record, in order.
    /// Blocks on file I/O: call it at startup or off the pool.
    /// - Throws: `workflow.store_failed` for I/O errors or a file that is not a journal, and what `replay` throws.
    public init(path: String, replay: (ArraySlice<UInt8>) throws(WorkflowError) -> Void) throws(WorkflowError) {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure("open", path) }
        self.fd = fd
        var bytes: [UInt8] = []
        do throws(WorkflowError) {
            bytes = try Self.readAll(fd, path)
        } catch {
            Glibc.close(fd)
            throw error
        }
        var offset = 0
        if bytes.count < Self.header.count || !bytes[0..<Self.header.count].elementsEqual(Self.header) {
            guard bytes.count < Self.header.count, Self.header.starts(with: bytes) else {
                Glibc.close(fd)
                throw WorkflowError(.storeFailed, "`\(path)` is not a Maestro journal")
            }
            bytes = Self.header
            guard ftruncate(fd, 0) == 0, pwrite(fd, Self.header, Self.header.count, 0) == Self.header.count,
                fsync(fd) == 0
            else {
                Glibc.close(fd)
                throw Self.failure("create", path)
            }
        }
        offset = Self.header.count
        var hasher = SHA256()
        while offset + 4 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= Self.maxRecordBytes, offset + 4 + length + 8 <= bytes.count else { break }
            hasher.update(bytes[offset..<offset + 4 + length])
            guard hasher.finalize().bytes.prefix(8).elementsEqual(bytes[offset + 4 + length..<offset + 12 + length])
            else {
                break
            }
            do throws(WorkflowError) {
                try replay(bytes[offset + 4..<offset + 4 + length])
            } catch {
                Glibc.close(fd)
                throw error
            }
            offset += 12 + length
        }
        discardedBytes = UInt64(bytes.count - offset)
        if discardedBytes > 0 {
            guard ftruncate(fd, off_t(offset)) == 0, fsync(fd) == 0 else {
                Glibc.close(fd)
                throw Self.failure("truncate", path)
            }
        }
        end = UInt64(offset)
        let thread = Thread { [self] in runWriter() }
        thread.name = "maestro-journal"
        thread.start()
    }

    /// Appends a record and returns once it is on disk.
    /// - Throws: `workflow.store_failed` when the record is too large, the journal is closed, or the write fails.
    public func append(_ record: [UInt8]) async throws(WorkflowError) {
        let result = await withCheckedContinuation { continuation in
            submit(record) { continuation.resume(returning: $0) }
        }
        try result.get()
    }

    /// Queues a record; `done` runs on the journal's thread once it is on disk (or failed).
    public func submit(_ record: [UInt8], done: @escaping @Sendable (Result<Void, WorkflowError>) -> Void) {
        guard record.count <= Self.maxRecordBytes else {
            return done(
                .failure(WorkflowError(.storeFailed, "a journal record has at most 16 MiB, not \(record.count) bytes")))
        }
        let refused = state.withLock { state -> Bool in
            if state.closed { return true }
            state.pending.append(Pending(bytes: record, done: done))
            return false
        }
        if refused { return done(.failure(WorkflowError(.storeFailed, "the journal is closed"))) }
        wake.signal()
    }

    /// Writes what is queued, then stops the thread and closes the file. Blocks.
    public func close() {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return }
        wake.signal()
        stopped.wait()
        Glibc.close(fd)
    }

    private func runWriter() {
        var hasher = SHA256()
        var failed: WorkflowError?
        while true {
            wake.wait()
            let (batch, closing) = state.withLock { state -> ([Pending], Bool) in
                let batch = state.pending
                state.pending.removeAll()
                return (batch, state.closed)
            }
            if !batch.isEmpty {
                var bytes: [UInt8] = []
                for item in batch {
                    let start = bytes.count
                    let length = item.bytes.count
                    bytes += [
                        UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff),
                        UInt8(length & 0xff),
                    ]
                    bytes += item.bytes
                    hasher.update(bytes[start...])
                    bytes += hasher.finalize().bytes.prefix(8)
                }
                let result: Result<Void, WorkflowError>
                if let failed {
                    result = .failure(failed)
                } else if writeAll(bytes), fdatasync(fd) == 0 {
                    end += UInt64(bytes.count)
                    result = .success(())
                } else {
                    // The file may hold part of the batch: accept nothing more until reopened,
                    // when the torn tail is cut off.
                    let error = Self.failure("write", path)
                    failed = error
                    result = .failure(error)
                }
                for item in batch { item.done(result) }
            }
            if closing && state.withLock({ $0.pending.isEmpty }) {
                stopped.signal()
                return
            }
        }
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes {
                pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(end) + off_t(done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        return true
    }

    private static func readAll(_ fd: Int32, _ path: String) throws(WorkflowError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("read", path) }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    static func failure(_ what: String, _ path: String) -> WorkflowError {
        WorkflowError(.storeFailed, "cannot \(what) `\(path)`: \(String(cString: strerror(errno)))")
    }
}
