#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An exclusive, non-blocking `flock` on the ledger's `.lock` file: a ledger has one writer, and a
/// second one (another `maestro serve`, or `maestro ledger append` beside it) fails at once. The
/// kernel drops the lock when the process dies, so a crash never leaves it stuck.
final class LedgerLock: @unchecked Sendable {
    // SAFETY: `descriptor` is written only by `release`, which the ledger calls once its
    // sequencer thread has stopped, and by `deinit`.
    private var descriptor: Int32

    /// Takes the lock.
    /// - Throws: `ledger.locked` when another holder has it; `ledger.io_failed`.
    init(path: String) throws(LedgerError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileIO.failure("open", path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let failure = FileIO.failure("lock", path)
            close(fd)
            if busy {
                throw LedgerError(
                    .locked,
                    "another process is writing to this ledger (is `maestro serve` running on it?); stop it first")
            }
            throw failure
        }
        descriptor = fd
    }

    /// Releases the lock (once).
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
