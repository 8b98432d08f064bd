import CLinux
import Foundation
import Glibc
import Synchronization

/// Turns SIGTERM and SIGINT into calls on a dedicated thread, so a server drains instead of dying.
///
/// The signal handler only writes the signal's number to a pipe (about the only thing a handler
/// may safely do); a thread reads the pipe and calls the watchers. Dispatch signal sources are
/// not used: on Linux they need the signal blocked in every thread, and a signal that lands on
/// a thread that does not block it is discarded, so a shutdown request could be lost.
public enum ShutdownSignals {
    /// Calls `onSignal` with the signal's number and how many shutdown signals have arrived so
    /// far (1 for the first), for every SIGTERM or SIGINT from now on.
    /// - Throws: `gateway.startup_failed` when the pipe or the handler cannot be set up.
    public static func watch(_ onSignal: @escaping @Sendable (_ signal: Int32, _ count: Int) -> Void)
        throws(GatewayError)
    {
        try installOnce()
        watchers.withLock { $0.append(onSignal) }
    }

    private static let watchers = Mutex<[@Sendable (Int32, Int) -> Void]>([])
    private static let installed = Mutex(false)

    private static func installOnce() throws(GatewayError) {
        let failure: String? = installed.withLock { installed in
            guard !installed else { return nil }
            var ends: [Int32] = [-1, -1]
            guard pipe2(&ends, O_CLOEXEC) == 0 else {
                return "cannot create the signal pipe: \(String(cString: strerror(errno)))"
            }
            // A handler must never block, even if nobody drains the pipe.
            _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
            signalPipeWriteEnd = ends[1]
            let reader = ends[0]
            let thread = Thread { readSignals(from: reader) }
            thread.name = "maestro-signals"
            thread.stackSize = 256 * 1024
            thread.start()
            for number in [SIGTERM, SIGINT] {
                var action = sigaction()
                action.__sigaction_handler.sa_handler = shutdownSignalHandler
                sigemptyset(&action.sa_mask)
                action.sa_flags = SA_RESTART
                guard sigaction(number, &action, nil) == 0 else {
                    return "cannot handle signal \(number): \(String(cString: strerror(errno)))"
                }
            }
            installed = true
            return nil
        }
        if let failure { throw GatewayError(.startupFailed, failure) }
    }

    private static func readSignals(from reader: Int32) {
        // This thread always accepts the signals, so one can be delivered even if every other
        // thread blocks them.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGTERM)
        sigaddset(&unblocked, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        var count = 0
        var byte: UInt8 = 0
        while true {
            let result = read(reader, &byte, 1)
            if result < 0 && errno == EINTR { continue }
            guard result == 1 else { return }
            count += 1
            for watcher in watchers.withLock({ $0 }) { watcher(Int32(byte), count) }
        }
    }
}

/// The pipe's write end, set once before the handler is installed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Async-signal-safe: one `write(2)`, `errno` preserved for the interrupted code.
private func shutdownSignalHandler(_ number: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = saved
}
