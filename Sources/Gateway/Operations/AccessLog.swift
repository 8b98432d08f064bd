import Dispatch
import Foundation
import Synchronization

/// The access log: one JSON line per request (``AccessLogEntry``), written by a dedicated
/// background thread so that recording never waits for I/O.
///
/// ``record(_:)`` appends to a bounded in-memory queue and returns. When the queue is full, the
/// entry is dropped and counted, and the next line written carries `"dropped": n`, the number of
/// lines lost just before it; a slow or stuck sink therefore costs log lines, never request
/// latency or memory. The writer encodes each batch it takes from the queue and hands the sink
/// one or more whole lines at a time.
public final class AccessLog: Sendable {
    /// Writes bytes to standard output with `write(2)`, retrying partial writes, `EINTR` and (on a
    /// non-blocking descriptor) `EAGAIN`; on any other error the bytes are discarded.
    public static let standardOutput: @Sendable ([UInt8]) -> Void = { bytes in
        writeAll(bytes, to: STDOUT_FILENO)
    }

    /// The default most entries waiting to be written.
    public static let defaultCapacity = 10_000

    private let queue: AccessLogQueue

    /// Starts the writer thread.
    /// - Parameters:
    ///   - sink: receives one or more whole lines at a time, always from the writer thread; it may
    ///     block (that thread is its own).
    ///   - capacity: the most entries waiting to be written before new ones are dropped. Requires `capacity > 0`.
    public init(
        sink: @escaping @Sendable ([UInt8]) -> Void = AccessLog.standardOutput,
        capacity: Int = AccessLog.defaultCapacity
    ) {
        precondition(capacity > 0, "the access log needs room for at least one line")
        let queue = AccessLogQueue(sink: sink, capacity: capacity)
        self.queue = queue
        let thread = Thread { queue.runWriter() }
        thread.name = "maestro-access-log"
        thread.start()
    }

    deinit {
        // The writer drains what is queued, then its thread ends.
        queue.stop()
    }

    /// Queues an entry for writing, or drops and counts it when the queue is full. Never blocks.
    /// - Parameter entry: the request to record.
    public func record(_ entry: AccessLogEntry) {
        queue.enqueue(entry)
    }

    /// Waits until every entry recorded before the call has been handed to the sink (or dropped).
    ///
    /// This blocks the calling thread: use it in tests and at shutdown, not while serving.
    public func flush() {
        queue.waitUntilWritten()
    }

    /// How many entries have been dropped because the queue was full, since the log started.
    public var droppedCount: Int {
        queue.droppedCount
    }

    /// Writes every byte to `descriptor`, or gives up on an error other than `EINTR` and `EAGAIN`.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            guard var next = buffer.baseAddress else { return }
            var remaining = buffer.count
            while remaining > 0 {
                let written = write(descriptor, next, remaining)
                if written > 0 {
                    next += written
                    remaining -= written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, 1_000)
                } else {
                    return
                }
            }
        }
    }
}

/// The queue between request handlers and the writer thread, and the writer's loop.
final class AccessLogQueue: Sendable {
    private struct State {
        /// INVARIANT: `pending.count <= capacity`.
        var pending: [AccessLogEntry] = []
        /// Dropped since the writer last took a batch.
        var droppedSinceTaken = 0
        var droppedTotal = 0
        /// Entries ever queued, and ever handed to the sink: `flush()` waits for the second to
        /// catch up with the first.
        var queuedTotal: UInt64 = 0
        var writtenTotal: UInt64 = 0
        /// Whether the writer is (about to be) waiting on `wakeUp`; the one who clears it signals.
        var isWriterIdle = false
        var isStopping = false
        var flushWaiters: [(target: UInt64, semaphore: DispatchSemaphore)] = []

        /// Claims the job of waking the writer: true once per time it went idle.
        mutating func takeIdleWriter() -> Bool {
            guard isWriterIdle else { return false }
            isWriterIdle = false
            return true
        }
    }

    /// The most bytes handed to the sink in one call, so a large batch is written in pieces.
    private static let chunkBytes = 64 * 1024

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let sink: @Sendable ([UInt8]) -> Void
    let capacity: Int

    init(sink: @escaping @Sendable ([UInt8]) -> Void, capacity: Int) {
        self.sink = sink
        self.capacity = capacity
    }

    var droppedCount: Int { state.withLock { $0.droppedTotal } }

    func enqueue(_ entry: AccessLogEntry) {
        let capacity = capacity
        let shouldWake = state.withLock { state in
            guard state.pending.count < capacity else {
                state.droppedSinceTaken += 1
                state.droppedTotal += 1
                return false
            }
            state.pending.append(entry)
            state.queuedTotal += 1
            return state.takeIdleWriter()
        }
        if shouldWake { wakeUp.signal() }
    }

    func stop() {
        let shouldWake = state.withLock { state in
            state.isStopping = true
            return state.takeIdleWriter()
        }
        if shouldWake { wakeUp.signal() }
    }

    func waitUntilWritten() {
        let semaphore = DispatchSemaphore(value: 0)
        let mustWait = state.withLock { state in
            guard state.writtenTotal < state.queuedTotal else { return false }
            state.flushWaiters.append((state.queuedTotal, semaphore))
            return true
        }
        if mustWait { semaphore.wait() }
    }

    /// The writer thread's loop: take everything queued, encode it, write it, repeat; wait when
    /// there is nothing; return once stopped and drained.
    func runWriter() {
        var batch: [AccessLogEntry] = []
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.chunkBytes + 4096)
        while true {
            var dropped = 0
            var isDone = false
            state.withLock { state in
                if state.pending.isEmpty {
                    if state.isStopping {
                        isDone = true
                    } else {
                        state.isWriterIdle = true
                    }
                    return
                }
                // Swap buffers: the handlers get the writer's empty array, capacity kept.
                swap(&state.pending, &batch)
                dropped = state.droppedSinceTaken
                state.droppedSinceTaken = 0
            }
            if isDone { return }
            if batch.isEmpty {
                wakeUp.wait()
                continue
            }
            for entry in batch {
                entry.appendLine(to: &buffer, dropped: dropped)
                dropped = 0
                if buffer.count >= Self.chunkBytes {
                    sink(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty {
                sink(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            let written = UInt64(batch.count)
            batch.removeAll(keepingCapacity: true)
            let ready = state.withLock { state in
                state.writtenTotal += written
                let total = state.writtenTotal
                let ready = state.flushWaiters.filter { $0.target <= total }.map(\.semaphore)
                state.flushWaiters.removeAll { $0.target <= total }
                return ready
            }
            for semaphore in ready { semaphore.signal() }
        }
    }
}
