import Foundation
import Synchronization

/// Runs a handler's blocking work (a socket exchange, a child process) on a thread of its own and
/// awaits its result, so that Swift's cooperative pool never blocks.
///
/// One thread per running attempt: the work waits for seconds or minutes, so sharing one thread
/// would queue every step behind the slowest. The runtime's worker pool bounds how many run at once.
enum DedicatedThread {
    /// Runs `body` on a new thread and returns its result.
    /// - Parameters:
    ///   - name: The thread's name, for debuggers and `top -H` (at most 15 bytes on Linux).
    ///   - timeout: The deadline `body` sees, from now.
    ///   - body: Blocking work that checks its ``BlockingContext`` between waits of at most a slice.
    /// - Returns: What `body` returned. Cancelling the calling task sets the context's flag; it
    ///   does not stop the thread, which returns soon after.
    static func run<T: Sendable>(
        name: String, timeout: Duration, _ body: @escaping @Sendable (BlockingContext) -> T
    ) async -> T {
        let context = BlockingContext(deadline: .now + timeout)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
                let thread = Thread { continuation.resume(returning: body(context)) }
                thread.name = name
                thread.stackSize = 512 << 10
                thread.start()
            }
        } onCancel: {
            context.cancel()
        }
    }
}

/// What blocking work checks between waits: its deadline, and whether its task was cancelled.
final class BlockingContext: Sendable {
    /// Why blocking work must stop early.
    enum Stop: Sendable {
        case timedOut
        case cancelled
    }

    /// When the work must have finished.
    let deadline: ContinuousClock.Instant
    private let isCancelledFlag = Atomic<Bool>(false)

    init(deadline: ContinuousClock.Instant) {
        self.deadline = deadline
    }

    func cancel() { isCancelledFlag.store(true, ordering: .relaxed) }

    /// Whether the calling task was cancelled.
    var isCancelled: Bool { isCancelledFlag.load(ordering: .relaxed) }

    /// Why the work must stop now, or `nil` while it may go on (cancellation first).
    var stop: Stop? {
        if isCancelled { return .cancelled }
        return ContinuousClock.now >= deadline ? .timedOut : nil
    }

    /// Milliseconds for the next `poll`: what is left before the deadline, at most `slice`, so
    /// that a cancellation is seen within a slice.
    func nextWait(slice: Int32 = 50) -> Int32 {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(min(Int64(slice), milliseconds))
    }
}
